from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_widgets import ModelAdmin

from ..forms import NewsItemForm
from ..models import NewsItem, PersonalFeed


@admin.register(NewsItem)
class NewsItemAdmin(ModelAdmin):
    form = NewsItemForm
    list_display = ["title_sv", "audience", "published_at", "has_english", "updated_at"]
    list_filter = ["audience"]
    search_fields = ["title_sv", "title_en", "summary_sv"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_sv"]}
    fieldsets = [
        (_("Swedish"), {"fields": ["title_sv", "slug", "summary_sv", "body_sv"]}),
        (
            _("English (optional)"),
            {
                "fields": ["title_en", "summary_en", "body_en"],
                "description": _("Left empty, English readers see the Swedish, marked as such."),
            },
        ),
        (_("Image (optional)"), {"fields": ["image", "image_alt_sv", "image_alt_en"]}),
        (_("Publishing"), {"fields": ["audience", "published_at"]}),
    ]

    @admin.display(boolean=True, description=_("in English"))
    def has_english(self, obj: NewsItem) -> bool:
        return bool(obj.title_en and obj.body_en.strip())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PersonalFeed)
class PersonalFeedAdmin(ModelAdmin):
    """Staff see who has a personal feed and can delete one (its address then stops working);
    the secret is never shown here."""

    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__name"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
