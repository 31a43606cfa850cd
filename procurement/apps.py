from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Sustainable public procurement")

    def ready(self) -> None:
        from . import reminders  # noqa: F401  (registers the supplier follow-up reminders)
