"""Saved requirement packages, for staff to look at (coordinators change them on the site)."""

from django.contrib import admin

from fairtrade_portal.admin_widgets import ModelAdmin, TabularInline

from ..models import Package, PackageDocument, PackageItem


class PackageItemInline(TabularInline):
    model = PackageItem
    fields = ["position", "requirement", "version"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PackageDocumentInline(TabularInline):
    model = PackageDocument
    fields = ["created_at", "format", "file", "versions"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Package)
class PackageAdmin(ModelAdmin):
    list_display = ["name", "organisation", "procurement_date", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    fields = ["organisation", "name", "procurement_date", "language", "created_by"]
    readonly_fields = ["organisation", "created_by"]
    inlines = [PackageItemInline, PackageDocumentInline]

    def has_add_permission(self, request):
        return False  # packages are built on the site, from the library
