from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiplomasConfig(AppConfig):
    name = "diplomas"
    verbose_name = _("Diplomas and organisations")

    def ready(self) -> None:
        from . import reminders  # noqa: F401  (registers the reminder sources)
