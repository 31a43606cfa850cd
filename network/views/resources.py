"""Resources: the list with the Swedish search and filters, a resource's page, the download,
and the forms to share and change one. Every page is for the network (Who.NETWORK)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access
from fairtrade_portal.search import RANK_CAP, RankedPaginator, highlight, ranked_ids

from .. import services
from ..filters.resources import ResourceFilter
from ..forms import ResourceForm
from ..selectors import resources as selectors
from ..selectors.groups import groups_for

PAGE_SIZE = 20


@access(get=Who.NETWORK)
def resource_list(request: HttpRequest) -> HttpResponse:
    resource_filter = ResourceFilter(
        request.GET or None, queryset=selectors.resource_listing(request.user), request=request
    )
    words = resource_filter.form.cleaned_data.get("q", "") if resource_filter.is_valid() else ""
    # A search ranks and counts the first RANK_CAP + 1 matches in one query: with more than
    # RANK_CAP, the list says so and pages through the best of the first RANK_CAP.
    if words:
        paginator = RankedPaginator(
            ranked_ids(resource_filter.qs, words, cap=RANK_CAP),
            PAGE_SIZE,
            cap=RANK_CAP,
            fetch=lambda ids: selectors.resource_listing(request.user).filter(pk__in=ids),
        )
    else:
        paginator = Paginator(resource_filter.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        {
            "resource": resource,
            "title": highlight(resource.title, words, length=200) if words else None,
            "snippet": highlight(resource.description, words) if words else None,
        }
        for resource in page.object_list
    ]
    return render(
        request,
        "network/resources/list.html",
        {
            "filter": resource_filter,
            "page": page,
            "rows": rows,
            "words": words,
            "more_than_cap": getattr(paginator, "more_than_cap", False),
            "rank_cap": RANK_CAP,
            "query": query.urlencode(),
        },
    )


@access(get=Who.NETWORK)
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_for(request.user, pk)
    return render(
        request,
        "network/resources/detail.html",
        {
            "resource": resource,
            "can_edit": request.user.is_staff or resource.shared_by_id == request.user.pk,
        },
    )


@access(get=Who.NETWORK, note="served as an attachment, never inline; logos need a diploma")
def resource_download(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_for(request.user, pk)
    if not resource.file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resource.original_name or resource.file.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@access(get=Who.NETWORK, post=Who.NETWORK)
def resource_new(request: HttpRequest) -> HttpResponse:
    # ?group=<slug> (the group page's "share a file") preselects one of the person's groups.
    initial = {"group": groups_for(request.user).filter(slug=request.GET.get("group", "")).first()}
    form = ResourceForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        resource = services.resource_share(
            by=request.user, data=form.cleaned_data, upload=form.cleaned_data.get("file")
        )
        messages.success(request, _("Thank you! The resource is shared with the network."))
        return redirect("network:resource", pk=resource.pk)
    return render(request, "network/resources/form.html", {"form": form, "resource": None})


@access(get=Who.NETWORK, post=Who.NETWORK, note="the sharer and staff only; others get 404")
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_to_edit(request.user, pk)
    form = ResourceForm(
        request.POST or None, request.FILES or None, user=request.user, instance=resource
    )
    if request.method == "POST" and form.is_valid():
        services.resource_update(
            resource=resource,
            by=request.user,
            data=form.cleaned_data,
            upload=form.cleaned_data.get("file"),
        )
        messages.success(request, _("The resource was saved."))
        return redirect("network:resource", pk=resource.pk)
    return render(request, "network/resources/form.html", {"form": form, "resource": resource})


@access(get=Who.NOBODY, post=Who.STAFF)
def resource_hide(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_for(request.user, pk)
    hidden = request.POST.get("hidden") == "1"
    services.resource_set_hidden(resource=resource, by=request.user, hidden=hidden)
    messages.success(
        request,
        _("The resource is hidden: only staff see it.")
        if hidden
        else _("The resource is shown to the network again."),
    )
    return redirect("network:resource", pk=resource.pk)
