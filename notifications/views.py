from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from fairtrade_portal.access import Who, access

from . import services
from .forms import EmailPreferencesForm
from .models import EmailKind, EmailOptOut


@access(get=Who.USER, post=Who.USER)
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            services.email_preferences_set(
                user=request.user, enabled_kinds=form.cleaned_data["kinds"]
            )
            messages.success(request, _("Your email choices have been saved."))
            return redirect("notifications:preferences")
    else:
        off = set(EmailOptOut.objects.filter(user=request.user).values_list("kind", flat=True))
        form = EmailPreferencesForm(
            initial={"kinds": [k.value for k in services.offered_kinds() if k.value not in off]}
        )
    return render(request, "notifications/preferences.html", {"form": form})


# Mail programs send the RFC 8058 one-click POST without a CSRF token; the signed token in the
# URL is what authorises it, and it can only turn an email off.
@csrf_exempt
@access(get=Who.PUBLIC, post=Who.PUBLIC, note="signed link from an email; can only turn off")
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    target = services.unsubscribe_target(token)
    if target is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        done = services.unsubscribe(token) is not None
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind": EmailKind(target[1]).label, "done": done},
    )
