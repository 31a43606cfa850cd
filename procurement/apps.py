from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Sustainable public procurement")

    def ready(self) -> None:
        # The goals and figures on the public profile and in the yearly report: diplomas does
        # not import procurement, procurement registers with it.
        from diplomas import extensions

        from .selectors import goals

        extensions.register_profile_section(
            "procurement/goals/_profile_section.html", goals.profile_section
        )
        extensions.register_purchase_share_source(goals.figures_source)

        from . import reminders  # noqa: F401  (registers the supplier follow-up reminders)
