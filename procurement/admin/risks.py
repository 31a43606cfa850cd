from django.contrib import admin

from fairtrade_portal.admin_widgets import ModelAdmin, TabularInline

from ..models import Category, RiskCell


class RiskCellInline(TabularInline):
    model = RiskCell
    extra = 0
    max_num = 12
    fields = ["stage", "area", "rating", "note_sv", "note_en"]


@admin.register(Category)
class CategoryAdmin(ModelAdmin):
    list_display = ["number", "code", "name_sv", "name_en", "published"]
    list_display_links = ["code", "name_sv"]
    list_editable = ["published"]
    search_fields = ["name_sv", "name_en", "code"]
    prepopulated_fields = {"slug": ["name_sv"]}
    inlines = [RiskCellInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Its requirements are found by the category's name: search them anew.
        for requirement in form.instance.requirements.all():
            requirement.search_refresh()
