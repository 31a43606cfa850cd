"""Discussions in the admin: staff create the topics; threads can be locked and moved, posts
hidden with a reason (the author is emailed, as from the thread page's staff buttons)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_widgets import ModelAdmin

from ..models import Post, Thread, Topic
from ..services import discussions as services


@admin.register(Topic)
class TopicAdmin(ModelAdmin):
    list_display = ["name_sv", "group", "order", "thread_count"]
    list_filter = ["group"]
    list_select_related = ["group"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_sv"]}
    fields = ["name_sv", "name_en", "slug", "group", "order", "description_sv", "description_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(thread_count=Count("threads"))

    @admin.display(description=_("threads"), ordering="thread_count")
    def thread_count(self, obj) -> int:
        return obj.thread_count


@admin.register(Thread)
class ThreadAdmin(ModelAdmin):
    list_display = ["title", "topic", "author", "last_post_at", "locked"]
    list_filter = ["locked", "topic"]
    list_select_related = ["topic", "author"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    fields = ["title", "topic", "author", "locked", "created_at", "last_post_at"]
    readonly_fields = ["author", "created_at", "last_post_at"]
    actions = ["lock", "unlock"]

    @admin.action(description=_("Lock the selected threads"))
    def lock(self, request, queryset):
        count = queryset.update(locked=True)
        messages.success(request, _("%(n)s threads locked.") % {"n": count})

    @admin.action(description=_("Open the selected threads for replies"))
    def unlock(self, request, queryset):
        count = queryset.update(locked=False)
        messages.success(request, _("%(n)s threads opened.") % {"n": count})


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["hidden", "hidden_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hidden") and not (cleaned.get("hidden_reason") or "").strip():
            raise ValidationError(
                {"hidden_reason": _("Say why the post is hidden: its author is told.")}
            )
        return cleaned


@admin.register(Post)
class PostAdmin(ModelAdmin):
    form = PostAdminForm
    list_display = ["__str__", "thread", "author", "created_at", "hidden"]
    list_filter = ["hidden", "by_staff"]
    list_select_related = ["thread", "author"]
    search_fields = ["body", "thread__title"]
    fields = [
        "thread",
        "author",
        "by_staff",
        "body",
        "attachment_name",
        "created_at",
        "edited_at",
        "hidden",
        "hidden_reason",
        "hidden_by",
        "hidden_at",
    ]
    readonly_fields = [
        "thread",
        "author",
        "by_staff",
        "body",
        "attachment_name",
        "created_at",
        "edited_at",
        "hidden_by",
        "hidden_at",
    ]

    def has_add_permission(self, request):
        return False  # posts are written on the site

    def save_model(self, request, obj, form, change):
        # Hiding goes through the service, which keeps who hid it and emails the author.
        if obj.hidden and "hidden" in form.changed_data:
            obj.hidden = False
            obj.save(update_fields=["hidden_reason"])
            services.post_hide(post=obj, by=request.user, reason=obj.hidden_reason)
        elif not obj.hidden and "hidden" in form.changed_data:
            services.post_unhide(post=obj, by=request.user)
        else:
            obj.save(update_fields=["hidden_reason"])
