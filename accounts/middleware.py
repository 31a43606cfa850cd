import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffTwoFactorMiddleware:
    """Staff reach the admin only with two-factor authentication turned on.

    The admin login already goes through allauth; this closes the gap for a staff account that
    never set up an authenticator: it is sent to the TOTP set-up page first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.user.is_authenticated
            and request.user.is_staff
            and request.path.startswith(self._admin_prefixes())
            and not request.user.has_two_factor
        ):
            messages.warning(
                request, _("Turn on two-factor authentication before you use the admin.")
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)

    @staticmethod
    def _admin_prefixes() -> tuple[str, ...]:
        from django.utils import translation

        prefixes = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                prefixes.append(reverse("admin:index"))
        return tuple(prefixes)


class StaffSessionLimitMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_SECONDS without activity (30 minutes) and
    STAFF_SESSION_MAX_SECONDS after the login (12 hours), whatever the activity (OWASP ASVS
    7.3.1 and 7.3.2): an admin left open on a shared computer does not stay open."""

    IDLE_KEY = "staff_last_seen"
    START_KEY = "staff_session_started"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = int(time.time())
            started = request.session.setdefault(self.START_KEY, now)
            last_seen = request.session.get(self.IDLE_KEY, now)
            if (
                now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS
                or now - started > settings.STAFF_SESSION_MAX_SECONDS
            ):
                logout(request)
                messages.info(request, _("Your session ended. Log in again to continue."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            request.session[self.IDLE_KEY] = now
            # The cookie ends with the idle limit too, so a closed tab cannot be reopened later.
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


class SessionActivityMiddleware:
    """Keeps each session's "last seen", IP address and browser for the sessions page
    (allauth.usersessions). allauth's own middleware writes on every request; this one at most
    once per SESSION_ACTIVITY_INTERVAL_SECONDS per session (the time is kept in the session), so
    a page costs no extra query between two updates."""

    SEEN_KEY = "usersession_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.session_key and request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(self.SEEN_KEY, 0)
            if now - seen >= settings.SESSION_ACTIVITY_INTERVAL_SECONDS:
                session_seen(request)
        return self.get_response(request)


def session_seen(request) -> None:
    """Record the request's session for the sessions page (created at login, refreshed after)."""
    from allauth.usersessions.models import UserSession

    UserSession.objects.create_from_request(request)
    request.session[SessionActivityMiddleware.SEEN_KEY] = int(time.time())
