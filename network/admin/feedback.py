""" "Was this page useful?" for staff: the results per page (yes, no, share of yes), the
comments, filters by kind of page, and CSV exports. Comments are shown as plain text: the
admin escapes them and nothing in them becomes a link."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_csv import export_csv
from fairtrade_portal.admin_widgets import ModelAdmin, TabularInline

from ..models import FeedbackAnswer, FeedbackPage


class FeedbackAnswerInline(TabularInline):
    model = FeedbackAnswer
    fields = ["created_at", "useful", "comment", "language"]
    readonly_fields = fields
    extra = 0
    can_delete = True
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FeedbackPage)
class FeedbackPageAdmin(ModelAdmin):
    list_display = ["title", "kind", "yes_count", "no_count", "yes_share", "comment_count"]
    list_filter = ["kind"]
    search_fields = ["title", "key"]
    readonly_fields = ["kind", "key", "title", "page_link", "first_answer_at"]
    fields = readonly_fields
    inlines = [FeedbackAnswerInline]
    actions = [export_csv]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes=Count("answers", filter=Q(answers__useful=True)),
                no=Count("answers", filter=Q(answers__useful=False)),
                comments=Count("answers", filter=~Q(answers__comment="")),
            )
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("yes"), ordering="yes")
    def yes_count(self, obj) -> int:
        return obj.yes

    @admin.display(description=_("no"), ordering="no")
    def no_count(self, obj) -> int:
        return obj.no

    @admin.display(description=_("share of yes"))
    def yes_share(self, obj) -> str:
        total = obj.yes + obj.no
        return f"{round(100 * obj.yes / total)} %" if total else "–"

    @admin.display(description=_("comments"), ordering="comments")
    def comment_count(self, obj) -> int:
        return obj.comments

    @admin.display(description=_("address"))
    def page_link(self, obj):
        # The path was signed by the widget on a page of the portal: always one of ours.
        return format_html('<a href="{}">{}</a>', obj.path, obj.path)


@admin.register(FeedbackAnswer)
class FeedbackAnswerAdmin(ModelAdmin):
    list_display = ["created_at", "page_title", "page_kind", "useful", "comment_text"]
    list_filter = ["page__kind", "useful", "created_at"]
    search_fields = ["comment", "page__title"]
    list_select_related = ["page"]
    readonly_fields = ["page", "useful", "comment", "language", "created_at"]
    fields = readonly_fields
    date_hierarchy = "created_at"
    actions = [export_csv]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("page"), ordering="page__title")
    def page_title(self, obj) -> str:
        return obj.page.title

    @admin.display(description=_("kind of page"), ordering="page__kind")
    def page_kind(self, obj) -> str:
        return obj.page.get_kind_display()

    @admin.display(description=_("comment"))
    def comment_text(self, obj) -> str:
        return obj.comment
