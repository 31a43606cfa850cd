from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "fairtrade_portal"
    verbose_name = _("Fairtrade City Portal")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            inputs,
            page_cache,
        )

        inputs.install()
        page_cache.connect_signals()
