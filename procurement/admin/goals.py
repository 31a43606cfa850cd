"""Organisations' purchasing goals and figures, for staff to look at and correct (coordinators
report them on the site, under Goals and figures)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_widgets import ModelAdmin

from ..models import Figure, FigurePublication, Goal


@admin.register(Figure)
class FigureAdmin(ModelAdmin):
    list_display = [
        "organisation",
        "year",
        "category",
        "measure",
        "total",
        "with_requirements",
        "share",
        "certified",
    ]
    list_filter = ["year", "measure", "category"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "category"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["reported_by", "updated_at"]

    @admin.display(description=_("Share with requirements"))
    def share(self, obj: Figure) -> str:
        return f"{obj.share_with_requirements} %"


@admin.register(Goal)
class GoalAdmin(ModelAdmin):
    list_display = ["organisation", "year", "category", "measure", "basis", "target"]
    list_filter = ["year", "measure", "basis", "category"]
    search_fields = ["organisation__name", "note"]
    list_select_related = ["organisation", "category"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created_by", "updated_at"]


@admin.register(FigurePublication)
class FigurePublicationAdmin(ModelAdmin):
    list_display = ["organisation", "published", "changed_at"]
    list_filter = ["published"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
