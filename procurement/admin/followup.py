"""Contracts and their follow-up, for staff to look at (coordinators change them on the site);
the staff's overview of suppliers is /upphandling/uppfoljning/."""

from django.contrib import admin

from fairtrade_portal.admin_widgets import ModelAdmin, TabularInline

from ..models import Contract, Participation, SharedFollowUp, Step


class StepInline(TabularInline):
    model = Step
    fields = ["kind", "planned_on", "responsible", "result", "done_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(ModelAdmin):
    list_display = ["supplier_name", "supplier_number", "organisation", "category", "ends_on"]
    list_filter = ["category"]
    search_fields = ["supplier_name", "supplier_number", "organisation__name"]
    list_select_related = ["organisation", "category"]
    fields = [
        "organisation",
        "supplier_name",
        "supplier_number",
        "category",
        "package",
        "starts_on",
        "ends_on",
        "value_band",
        "contact_name",
        "contact_email",
        "contact_phone",
        "covered_by",
    ]
    readonly_fields = ["organisation", "package", "covered_by"]
    inlines = [StepInline]

    def has_add_permission(self, request):
        return False  # a coordinator records a contract on the organisation's pages


class ParticipationInline(TabularInline):
    model = Participation
    fields = ["organisation", "invited_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SharedFollowUp)
class SharedFollowUpAdmin(ModelAdmin):
    list_display = ["contract", "share_documents", "created_at"]
    list_select_related = ["contract__organisation"]
    search_fields = ["contract__supplier_name", "contract__supplier_number"]
    fields = ["contract", "summary", "share_documents"]
    readonly_fields = ["contract"]
    inlines = [ParticipationInline]

    def has_add_permission(self, request):
        return False  # the leader's coordinator shares on the contract's page
