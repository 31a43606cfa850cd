from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_widgets import ModelAdmin

from .. import services
from ..models import MonitoringFeed, MonitoringItem
from ..services.monitoring import monitoring_items_publish


@admin.register(MonitoringItem)
class MonitoringItemAdmin(ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "theme", "status", "published_on", "source", "feed"]
    list_filter = ["status", "theme", "feed"]
    search_fields = ["title", "comment", "source"]
    list_select_related = ["feed"]
    readonly_fields = ["feed", "created_at", "approved_by"]
    date_hierarchy = "published_on"
    actions = ["publish"]

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        count = monitoring_items_publish(items=queryset, by=request.user)
        messages.success(request, _("%(n)s items published.") % {"n": count})

    def save_model(self, request, obj, form, change):
        if obj.status == MonitoringItem.Status.PUBLISHED and obj.approved_by_id is None:
            obj.approved_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MonitoringFeed)
class MonitoringFeedAdmin(ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "theme", "active", "last_fetched_at", "has_error"]
    list_filter = ["active", "theme"]
    readonly_fields = ["last_fetched_at", "last_error"]
    actions = ["fetch_now"]

    @admin.display(boolean=True, description=_("error"))
    def has_error(self, feed: MonitoringFeed) -> bool:
        return bool(feed.last_error)

    @admin.action(description=_("Fetch the selected feeds now"))
    def fetch_now(self, request, queryset):
        added = services.monitoring_import_all(feeds=queryset)
        messages.info(request, _("%(n)s new drafts; see each feed's last error.") % {"n": added})
