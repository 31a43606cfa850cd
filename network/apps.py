from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network and handbook")

    def ready(self) -> None:
        # Discussions: the daily digest's reminder source and the group page's activity.
        from .selectors import discussions  # noqa: F401
        from .services import discussions as discussion_services  # noqa: F401
