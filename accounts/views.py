from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access

from . import selectors, services
from .devices import browser_and_system
from .forms import ProfileForm
from .models import DataExport


@access(get=Who.USER, post=Who.USER)
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your settings have been saved."))
            return redirect("profile")
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "accounts/profile.html", {"form": form})


@access(get=Who.USER, post=Who.USER)
def sessions(request: HttpRequest) -> HttpResponse:
    """The person's open sessions (device, last seen, IP address); end one or all others."""
    current_key = request.session.session_key
    if request.method == "POST":
        choice = request.POST.get("end", "")
        if choice == "others":
            count = services.sessions_end(user=request.user, keep_session_key=current_key)
            messages.success(
                request, _("Your other sessions have been ended (%(count)d).") % {"count": count}
            )
        elif choice.isdigit():
            ended_current = any(
                s.pk == int(choice) and s.session_key == current_key
                for s in selectors.sessions_of(user=request.user)
            )
            if ended_current:
                logout(request)
                return redirect("home")
            if services.session_end(user=request.user, session_id=int(choice)):
                messages.success(request, _("The session has been ended."))
            else:
                messages.error(request, _("That session has already ended."))
        return redirect("sessions")
    rows = []
    for session in selectors.sessions_of(user=request.user):
        browser, system = browser_and_system(session.user_agent)
        rows.append(
            {
                "session": session,
                "browser": browser,
                "system": system,
                "is_current": session.session_key == current_key,
            }
        )
    return render(request, "accounts/sessions.html", {"rows": rows})


@access(get=Who.USER, post=Who.USER)
def personal_data(request: HttpRequest) -> HttpResponse:
    """Ask for an export of one's data; the way to delete the account."""
    if request.method == "POST":
        services.data_export_request(user=request.user)
        messages.success(
            request,
            _(
                "We are putting your data together. You will get an email with a link as soon "
                "as it is ready, usually within a few minutes."
            ),
        )
        return redirect("personal_data")
    return render(
        request,
        "accounts/personal_data.html",
        {"exports": selectors.exports_of(user=request.user)},
    )


@access(get=Who.USER)
def data_export_download(request: HttpRequest, token: str) -> HttpResponse:
    export = selectors.export_for_download(user=request.user, token=token)
    if export.is_expired or export.status != DataExport.Status.READY or not export.file:
        status = 410 if export.is_expired else 404
        return render(request, "accounts/data_export_gone.html", {"export": export}, status=status)
    handle = default_storage.open(export.file.name, "rb")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )


@access(get=Who.USER, post=Who.USER, note="after re-authentication (allauth)")
@reauthentication_required
def erase(request: HttpRequest) -> HttpResponse:
    """Delete one's own account, after entering the password again."""
    if request.method == "POST":
        user = request.user
        logout(request)
        services.account_erase(user=user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "accounts/erase.html")
