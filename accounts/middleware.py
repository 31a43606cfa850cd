from django.conf import settings
from django.contrib import messages
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
