from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_widgets import ModelAdmin, TabularInline

from ..models import Group, GroupMembership


class GroupMembershipInline(TabularInline):
    model = GroupMembership
    fk_name = "group"
    extra = 0
    fields = ["user", "is_admin", "added_by", "created_at"]
    readonly_fields = ["added_by", "created_at"]
    autocomplete_fields = ["user"]


@admin.register(Group)
class GroupAdmin(ModelAdmin):
    list_display = ["name_sv", "kind", "category", "member_count"]
    list_filter = ["kind"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_sv"]}
    fields = [
        "name_sv",
        "name_en",
        "slug",
        "kind",
        "category",
        "description_sv",
        "description_en",
    ]
    inlines = [GroupMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj) -> int:
        return obj.member_count

    def save_formset(self, request, form, formset, change):
        # Who added a member is kept, for the group's admins to see.
        for membership in formset.save(commit=False):
            if membership.added_by_id is None:
                membership.added_by = request.user
            membership.save()
        for membership in formset.deleted_objects:
            membership.delete()
