"""Events in the admin: the event with its registrations (waiting list and attendance) inline,
the registrations' own list (filter, CSV export, attendance), and a message to everyone
registered, sent through the one email mechanism (notifications)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fairtrade_portal.admin_csv import export_csv
from fairtrade_portal.admin_widgets import ModelAdmin, TabularInline

from ..forms import EmailRegisteredForm, EventAdminForm
from ..models import Event, Registration
from ..services import events as services


class RegistrationInline(TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "queued_at", "needs", "attended"]
    readonly_fields = ["user", "status", "queued_at", "needs"]
    ordering = ["status", "queued_at", "id"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # People register themselves (the waiting list keeps its order); staff mark attendance.
        return False


@admin.register(Event)
class EventAdmin(ModelAdmin):
    form = EventAdminForm
    list_display = ["title_sv", "kind", "start", "audience", "capacity", "registered", "waiting"]
    list_filter = ["kind", "audience", "online"]
    search_fields = ["title_sv", "title_en", "slug"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title_sv"]}
    autocomplete_fields = ["group"]
    readonly_fields = ["email_link"]
    fieldsets = [
        (_("Swedish"), {"fields": ["title_sv", "slug", "kind", "description_sv"]}),
        (
            _("English (optional)"),
            {
                "fields": ["title_en", "description_en"],
                "description": _("Left empty, English readers see the Swedish, marked as such."),
            },
        ),
        (_("Time (Swedish time)"), {"fields": ["start", "end", "registration_deadline"]}),
        (_("Place"), {"fields": ["online", "meeting_link", "address"]}),
        (_("Registration"), {"fields": ["capacity", "audience", "group", "email_link"]}),
    ]
    inlines = [RegistrationInline]
    actions = ["email_registered"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                registered_count=Count(
                    "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
                ),
                waiting_count=Count(
                    "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
                ),
            )
        )

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered(self, obj) -> int:
        return obj.registered_count

    @admin.display(description=_("waiting list"), ordering="waiting_count")
    def waiting(self, obj) -> int:
        return obj.waiting_count

    @admin.display(description=_("Message"))
    def email_link(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:network_event_email", args=[obj.pk]),
            _("Email everyone registered"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            moved = services.event_places_changed(event=obj)
            if moved:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person moved up from the waiting list and emailed.",
                        "%(count)d people moved up from the waiting list and emailed.",
                        len(moved),
                    )
                    % {"count": len(moved)},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Email everyone registered for the chosen event"))
    def email_registered(self, request, queryset):
        events = list(queryset[:2])
        if len(events) != 1:
            self.message_user(request, _("Choose one event."), messages.WARNING)
            return None
        return redirect("admin:network_event_email", events[0].pk)

    def get_urls(self):
        return [
            path(
                "<int:pk>/email/",
                self.admin_site.admin_view(self.email_view),
                name="network_event_email",
            ),
            *super().get_urls(),
        ]

    def email_view(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        change_url = reverse("admin:network_event_change", args=[pk])
        if not self.has_change_permission(request, event):
            return redirect(change_url)
        form = EmailRegisteredForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            count = services.event_email_everyone(
                event=event,
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                sent_by=request.user,
            )
            self.message_user(
                request,
                ngettext(
                    "The message goes to %(count)d person.",
                    "The message goes to %(count)d people.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return redirect(change_url)
        registered = event.registrations.filter(status=Registration.Status.REGISTERED).count()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": event,
            "form": form,
            "registered": registered,
            "title": _("Email everyone registered for %(event)s") % {"event": event},
        }
        return TemplateResponse(request, "admin/network/event/email.html", context)


@admin.register(Registration)
class RegistrationAdmin(ModelAdmin):
    list_display = ["user", "user_email", "event", "status", "queued_at", "needs", "attended"]
    list_editable = ["attended"]
    list_filter = ["status", "attended", "event"]
    search_fields = ["user__email", "user__name", "event__title_sv"]
    list_select_related = ["user", "event"]
    fields = ["event", "user", "status", "queued_at", "needs", "attended"]
    readonly_fields = ["event", "user", "status", "queued_at", "needs"]
    actions = [export_csv]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("email address"), ordering="user__email")
    def user_email(self, obj) -> str:
        return obj.user.email
