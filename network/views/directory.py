from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from diplomas.selectors import is_network_member
from fairtrade_portal.access import Who, access

from ..filters.directory import DirectoryFilter
from ..forms.directory import DirectoryEntryForm
from ..selectors import directory as selectors

PAGE_SIZE = 25


@access(get=Who.NETWORK)
def directory(request: HttpRequest) -> HttpResponse:
    """The network's organisations, with their coordinators and local-group contacts."""
    directory_filter = DirectoryFilter(
        request.GET or None, queryset=selectors.network_organisations()
    )
    # A bad value (an unknown county) is shown beside its field; the other filters apply.
    page = Paginator(directory_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        {
            "organisation": organisation,
            "coordinators": selectors.coordinators_of(organisation),
            "contacts": selectors.local_group_contacts_of(organisation),
        }
        for organisation in page.object_list
    ]
    return render(
        request,
        "network/directory/index.html",
        {"filter": directory_filter, "page": page, "rows": rows, "query": query.urlencode()},
    )


@access(get=Who.NETWORK)
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.directory_organisation(slug)
    return render(
        request,
        "network/directory/organisation.html",
        {
            "organisation": organisation,
            "coordinators": selectors.coordinators_of(organisation),
            "contacts": selectors.local_group_contacts_of(organisation),
        },
    )


@access(get=Who.USER, post=Who.USER)
def entry(request: HttpRequest) -> HttpResponse:
    """Mitt konto → Medlemskatalogen: what the directory shows of one's contact details."""
    instance = selectors.directory_entry_of(request.user)
    form = DirectoryEntryForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choices for the member directory have been saved."))
        return redirect("network:directory_entry")
    return render(
        request,
        "network/directory/entry.html",
        {"form": form, "in_network": is_network_member(request.user)},
    )
