from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access

from ..forms.feedback import FeedbackForm
from ..services import feedback as service


def _back(request: HttpRequest, path: str) -> HttpResponse:
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None) or not path.startswith("/"):
        path = "/"
    return redirect(f"{path}#page-feedback")


@access(get=Who.NOBODY, post=Who.PUBLIC, note="the page's identity is signed by the widget")
def give(request: HttpRequest) -> HttpResponse:
    """One answer to "Was this page useful?", from the widget on a content page."""
    form = FeedbackForm(request.POST)
    target = service.page_from_token(request.POST.get("page", ""))
    if target is None:
        return render(request, "network/feedback/refused.html", status=400)
    if service.already_answered(request, target):
        messages.info(request, _("You have already answered for this page. Thank you!"))
        return _back(request, target.path)
    if not form.is_valid():
        return render(
            request, "network/feedback/form.html", {"form": form, "target": target}, status=400
        )
    if not service.rate_limit_consume(request):
        return render(request, "network/feedback/refused.html", {"rate_limited": True}, status=429)
    service.feedback_give(
        request=request,
        target=target,
        useful=form.cleaned_data["useful"],
        comment=form.cleaned_data["comment"],
        language=get_language() or "",
    )
    messages.success(request, _("Thank you for your answer!"))
    return _back(request, target.path)
