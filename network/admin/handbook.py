from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_csv import export_csv
from fairtrade_portal.admin_widgets import ModelAdmin

from .. import services
from ..models import HandbookChapter, HandbookRender, PrintOrder


@admin.register(HandbookChapter)
class HandbookChapterAdmin(ModelAdmin):
    list_display = ["number", "title_sv", "title_en", "published", "updated_at"]
    list_editable = ["published"]
    prepopulated_fields = {"slug": ["title_sv"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.handbook_changed()
        messages.info(request, _("The printable handbook will be rendered again."))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.handbook_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.handbook_changed()

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)


@admin.register(HandbookRender)
class HandbookRenderAdmin(ModelAdmin):
    """Staff see each rendering: queued, rendering (with its progress), ready or failed."""

    list_display = ["created_at", "language", "status", "progress", "pages", "size", "error"]
    list_filter = ["status", "language"]
    readonly_fields = [f.name for f in HandbookRender._meta.fields]
    actions = ["render_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Render the handbook again now"))
    def render_again(self, request, queryset):
        services.handbook_changed()
        messages.info(request, _("The printable handbook will be rendered again."))


@admin.register(PrintOrder)
class PrintOrderAdmin(ModelAdmin):
    list_display = ["created_at", "organisation", "quantity", "contact_name", "city", "status"]
    list_filter = ["status"]
    search_fields = ["organisation", "contact_name", "email"]
    actions = [export_csv, "mark_sent"]

    @admin.action(description=_("Mark the selected orders as sent"))
    def mark_sent(self, request, queryset):
        queryset.update(status=PrintOrder.Status.SENT)
