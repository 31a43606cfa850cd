from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairtrade_portal.admin_csv import export_csv

from . import selectors, services
from .forms import DiplomaStatusForm
from .models import (
    Activity,
    County,
    CriteriaSet,
    Criterion,
    CriterionThreshold,
    Diploma,
    DiplomaStatusChange,
    FeeTier,
    GroupMember,
    Invitation,
    LocalGroupRequirement,
    Membership,
    Organisation,
    ReportDeadline,
    ReviewComment,
    Submission,
    SubmissionEvent,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class GroupMemberInlineFormSet(forms.BaseInlineFormSet):
    """One chair and one contact person at most, said in words before the database refuses."""

    def clean(self):
        super().clean()
        roles = [
            form.cleaned_data.get("role")
            for form in self.forms
            if hasattr(form, "cleaned_data") and not form.cleaned_data.get("DELETE")
        ]
        for role, message in (
            (GroupMember.Role.CHAIR, _("The local group already has a chair.")),
            (GroupMember.Role.CONTACT, _("The local group already has a contact person.")),
        ):
            if sum(1 for r in roles if r in GroupMember.roles_holding(role)) > 1:
                raise ValidationError(message)


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    formset = GroupMemberInlineFormSet
    extra = 0
    fields = ["name", "role", "sector", "email", "phone", "user"]
    # An autocomplete for an optional account renders an empty <option>, which HTML forbids.
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "county", "population"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "official_name", "code"]
    list_select_related = ["county"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline, GroupMemberInline]
    actions = [export_csv]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "user__name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
    actions = [export_csv]


@admin.register(GroupMember)
class GroupMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "role", "sector", "email", "user"]
    list_filter = ["role", "sector", "organisation__kind", "organisation__county"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
    list_select_related = ["organisation", "user"]
    actions = [export_csv]


# --- diplomas ------------------------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("yearly report")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        q = selectors.overdue_q(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(q)
        if self.value() == "no":
            return queryset.exclude(q)
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = DiplomaStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "reason", "changed_by"]
    readonly_fields = fields
    verbose_name_plural = _("history of status changes")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Diploma)
class DiplomaAdmin(admin.ModelAdmin):
    form = DiplomaStatusForm
    list_display = [
        "organisation",
        "kind",
        "status",
        "diplomated_since",
        "next_report_due",
        "is_overdue",
        "county",
    ]
    list_filter = ["status", "kind", "organisation__county", OverdueFilter]
    search_fields = ["organisation__name", "organisation__code"]
    list_select_related = ["organisation", "organisation__county"]
    autocomplete_fields = ["organisation"]
    inlines = [StatusChangeInline]
    actions = [export_csv]

    def has_delete_permission(self, request, obj=None):
        # A diploma ends by being withdrawn, with a reason, so its history is kept.
        return False

    def get_queryset(self, request):
        overdue = Diploma.objects.filter(
            selectors.overdue_q(timezone.localdate()), pk=OuterRef("pk")
        )
        return super().get_queryset(request).annotate(overdue=Exists(overdue))

    @admin.display(boolean=True, description=_("report overdue"), ordering="overdue")
    def is_overdue(self, obj):
        return obj.overdue

    @admin.display(description=_("county"), ordering="organisation__county__name")
    def county(self, obj):
        return obj.organisation.county

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            obj.save()
            try:
                services.diploma_change_status(
                    diploma=obj,
                    to_status=new_status,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)
        if not change:
            DiplomaStatusChange.objects.create(
                diploma=obj,
                from_status="",
                to_status=obj.status,
                reason=form.cleaned_data.get("reason") or _("Created in the admin"),
                changed_by=request.user,
            )


# --- criteria and rules --------------------------------------------------------------------------


class CriterionThresholdInline(admin.TabularInline):
    model = CriterionThreshold
    extra = 0


class LocalGroupRequirementInline(admin.TabularInline):
    model = LocalGroupRequirement
    extra = 0
    verbose_name_plural = _(
        "what the local group must include (for a criterion read from the local group's roster)"
    )


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "criteria_set", "answer_type", "computed", "requires_attachment"]
    list_filter = ["criteria_set"]
    inlines = [CriterionThresholdInline, LocalGroupRequirementInline]


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "version", "valid_from"]
    list_filter = ["kind"]
    inlines = [CriterionInline]


@admin.register(FeeTier)
class FeeTierAdmin(admin.ModelAdmin):
    list_display = ["applies_to", "min_population", "max_population", "fee_sek"]
    list_editable = ["fee_sek"]


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(admin.ModelAdmin):
    list_display = ["year", "due_date"]


# --- the review queue ----------------------------------------------------------------------------


class ReviewCommentInline(admin.TabularInline):
    model = ReviewComment
    extra = 1
    fields = ["criterion", "text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            submission_id = request.resolver_match.kwargs.get("object_id")
            submission = Submission.objects.filter(pk=submission_id).first()
            if submission:
                kwargs["queryset"] = Criterion.objects.filter(criteria_set=submission.criteria_set)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "by", "message"]
    readonly_fields = fields
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the coordinators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when you ask for changes. Sent by email in each coordinator's language."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "changes" and not (cleaned.get("message") or "").strip():
            self.add_error("message", _("Say what needs to change."))
        return cleaned


class SubmittedFirstFilter(admin.SimpleListFilter):
    """The queue opens on what waits for a decision."""

    title = _("status")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        # "Waiting for review" is the submitted ones; the other statuses follow.
        others = [c for c in Submission.Status.choices if c[0] != Submission.Status.SUBMITTED]
        return [("waiting", _("Waiting for review")), *others, ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or "waiting"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "waiting"
        if value == "waiting":
            return queryset.filter(status=Submission.Status.SUBMITTED)
        if value == "all":
            return queryset
        return queryset.filter(status=value)


class OrganisationKindFilter(admin.SimpleListFilter):
    """Municipality or region – titled apart from the submission's own kind."""

    title = pgettext_lazy("admin filter", "municipality or region")
    parameter_name = "organisation_kind"

    def lookups(self, request, model_admin):
        return Organisation.Kind.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(organisation__kind=self.value())
        return queryset


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "year", "status", "submitted_at", "county"]
    list_filter = [SubmittedFirstFilter, "kind", "organisation__county", OrganisationKindFilter]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "organisation__county"]
    ordering = ["submitted_at"]
    readonly_fields = [
        "organisation",
        "kind",
        "year",
        "criteria_set",
        "is_larger_report",
        "status",
        "created_by",
        "created_at",
        "submitted_at",
        "decided_at",
    ]
    fields = readonly_fields
    inlines = [ReviewCommentInline, EventInline]
    change_form_template = "admin/diplomas/submission/change_form.html"
    actions = [export_csv]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Applications, reports and their decisions are the record of the diploma.
        return False

    @admin.display(description=_("county"), ordering="organisation__county__name")
    def county(self, obj):
        return obj.organisation.county

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, ReviewComment) and not instance.author_id:
                instance.author = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="diplomas_submission_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        if submission is None:
            # Not a submission (or not a number): the admin's own "does not exist" redirect.
            return super().change_view(request, object_id, form_url, extra_context)
        extra_context = {
            **(extra_context or {}),
            "review": selectors.submission_view(submission),
            "decision_form": DecisionForm()
            if submission.status == Submission.Status.SUBMITTED
            else None,
            "decide_url": reverse("admin:diplomas_submission_decide", args=[submission.pk]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, pk):
        submission = get_object_or_404(Submission, pk=pk)
        change_url = reverse("admin:diplomas_submission_change", args=[pk])
        if request.method != "POST" or not self.has_change_permission(request, submission):
            return redirect(change_url)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": submission,
                "form": form,
                "title": _("Decide"),
            }
            return TemplateResponse(request, "admin/diplomas/submission/decide.html", context)
        try:
            if form.cleaned_data["decision"] == "approve":
                services.submission_approve(
                    submission=submission, by=request.user, message=form.cleaned_data["message"]
                )
                messages.success(request, _("Approved. The coordinators have been told by email."))
            else:
                services.submission_request_changes(
                    submission=submission, by=request.user, message=form.cleaned_data["message"]
                )
                messages.success(
                    request, _("Sent back for changes. The coordinators have been told by email.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(change_url)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "organisation", "kind", "open_to_residents"]
    list_filter = ["kind", "open_to_residents", "organisation__county"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "date"
    actions = [export_csv]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token"]


def attachment_link(attachment) -> str:
    url = reverse(
        "diplomas:attachment",
        kwargs={"slug": attachment.answer.submission.organisation.slug, "pk": attachment.pk},
    )
    return format_html('<a href="{}">{}</a>', url, attachment.original_name)
