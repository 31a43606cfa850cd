from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, password_set
        from django.contrib.auth.signals import user_logged_in

        from . import receivers

        # A new password keeps the session it was set in and ends every other one (a reset,
        # made without a session, ends them all).
        password_changed.connect(receivers.end_other_sessions, dispatch_uid="end_other_sessions")
        password_set.connect(receivers.end_other_sessions, dispatch_uid="end_other_sessions_set")
        password_reset.connect(receivers.end_all_sessions, dispatch_uid="end_all_sessions")
        # Every login is listed on the sessions page, also the admin's and a test's.
        user_logged_in.connect(receivers.list_session, dispatch_uid="list_session")
