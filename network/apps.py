from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network and handbook")

    def ready(self) -> None:
        # Registers the event reminders (notifications), the .ics attachments of their emails
        # and the events' "latest in this group" source.
        from . import reminders  # noqa: F401

        # Discussions: the daily digest's reminder source and the group page's activity.
        from .selectors import discussions  # noqa: F401
        from .selectors import events as _event_selectors  # noqa: F401
        from .services import discussions as discussion_services  # noqa: F401
        from .services import events as _event_services  # noqa: F401
