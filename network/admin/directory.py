from django.contrib import admin

from fairtrade_portal.admin_widgets import ModelAdmin

from ..models import DirectoryEntry


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(ModelAdmin):
    list_display = ["user", "title", "show_title", "show_phone", "show_email", "updated_at"]
    list_filter = ["show_email", "show_phone", "show_title"]
    search_fields = ["user__name", "user__email", "title"]
    autocomplete_fields = ["user"]
