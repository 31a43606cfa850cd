from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairtrade_portal.admin_csv import export_csv
from fairtrade_portal.admin_widgets import ModelAdmin, StackedInline, TabularInline

from . import selectors, services
from .forms import DiplomaStatusForm
from .models import (
    Activity,
    CoordinatorRequest,
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
class CountyAdmin(ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


class MembershipInline(TabularInline):
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


class GroupMemberInline(TabularInline):
    model = GroupMember
    formset = GroupMemberInlineFormSet
    extra = 0
    fields = ["name", "role", "sector", "email", "phone", "user"]
    # An autocomplete for an optional account renders an empty <option>, which HTML forbids.
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ["name", "kind", "code", "county", "population"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "official_name", "code"]
    list_select_related = ["county"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline, GroupMemberInline]
    actions = [export_csv]


@admin.register(Membership)
class MembershipAdmin(ModelAdmin):
    list_display = ["user", "organisation", "role", "created"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "user__name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
    actions = [export_csv]


@admin.register(GroupMember)
class GroupMemberAdmin(ModelAdmin):
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


class StatusChangeInline(TabularInline):
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
class DiplomaAdmin(ModelAdmin):
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
            created = DiplomaStatusChange.objects.create(
                diploma=obj,
                from_status="",
                to_status=obj.status,
                reason=form.cleaned_data.get("reason") or _("Created in the admin"),
                changed_by=request.user,
            )
            if obj.status == Diploma.Status.DIPLOMATED and obj.diplomated_since:
                # A diploma entered afterwards held the diploma from its date on: the
                # statistics count from the history.
                services.status_change_date(change=created, day=obj.diplomated_since)


# --- criteria and rules --------------------------------------------------------------------------
#
# A criteria set that a submitted application or report uses is frozen (``CriteriaSet.is_frozen``):
# what the organisations answered must keep meaning what it meant. The admin asks that one
# property, for the set, its criteria and every per-criterion row, in the permission methods, so
# the pages show read-only and a crafted POST is refused (403) like any change without permission.
# A change goes into a new version: "Copy to a new version", edit the draft, publish it.


def _frozen(obj) -> bool:
    """Whether ``obj`` – a criteria set, a criterion or a per-criterion row – belongs to a
    frozen criteria set."""
    if obj is None:
        return False
    if isinstance(obj, CriteriaSet):
        return obj.is_frozen
    if isinstance(obj, Criterion):
        return obj.criteria_set.is_frozen
    criterion = getattr(obj, "criterion", None)
    return criterion is not None and criterion.criteria_set.is_frozen


class FrozenCriteriaMixin:
    """For the admins and inlines of criteria sets, criteria and per-criterion rows (thresholds
    and any added later): nothing of a frozen set can be added, changed or deleted. On an inline
    ``obj`` is the parent (the set or the criterion)."""

    def has_add_permission(self, request, obj=None):
        if _frozen(obj):
            return False
        return super().has_add_permission(request, *([obj] if self._is_inline() else []))

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def _is_inline(self) -> bool:
        return isinstance(self, admin.options.InlineModelAdmin)


class CriterionThresholdInline(FrozenCriteriaMixin, TabularInline):
    model = CriterionThreshold
    extra = 0


class LocalGroupRequirementInline(FrozenCriteriaMixin, TabularInline):
    model = LocalGroupRequirement
    extra = 0
    verbose_name_plural = _(
        "what the local group must include (for a criterion read from the local group's roster)"
    )


@admin.register(Criterion)
class CriterionAdmin(FrozenCriteriaMixin, ModelAdmin):
    list_display = [
        "__str__",
        "criteria_set",
        "asked_in",
        "answer_type",
        "computed",
        "requires_attachment",
    ]
    list_filter = ["criteria_set", "asked_in"]
    list_select_related = ["criteria_set"]
    inlines = [CriterionThresholdInline, LocalGroupRequirementInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criteria_set":
            # A new criterion goes only into a set that is not frozen.
            used = Submission.objects.exclude(status=Submission.Status.DRAFT).values(
                "criteria_set_id"
            )
            kwargs["queryset"] = CriteriaSet.objects.exclude(pk__in=used)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    change_form_template = "admin/diplomas/criteriaset/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "frozen_notice": _frozen(obj) and FROZEN_NOTICE}
        return super().change_view(request, object_id, form_url, extra_context)


class CriterionInline(FrozenCriteriaMixin, StackedInline):
    model = Criterion
    extra = 0
    show_change_link = True


FROZEN_NOTICE = _(
    "This criteria version is used by submitted applications or reports, so it is frozen and "
    "shown read-only. To change the criteria, copy it to a new version (an action in the list "
    "of criteria sets), edit the draft and publish it."
)


class PublishForm(forms.Form):
    version = forms.CharField(
        label=_("Version name"),
        max_length=20,
        help_text=_("Part of the public address, such as 2027."),
    )
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Must be after the date of the version in force."),
    )


@admin.register(CriteriaSet)
class CriteriaSetAdmin(FrozenCriteriaMixin, ModelAdmin):
    list_display = ["__str__", "kind", "version", "valid_from", "state", "frozen"]
    list_filter = ["kind", "state"]
    inlines = [CriterionInline]
    actions = ["copy_to_new_version"]
    change_form_template = "admin/diplomas/criteriaset/change_form.html"

    # The state and the date change only by publishing, with its checks.
    readonly_fields = ["state", "valid_from"]

    def get_fields(self, request, obj=None):
        fields = ["kind", "version", "valid_from", "state", "source_note"]
        return [f for f in fields if obj is not None or f not in ("state", "valid_from")]

    def get_queryset(self, request):
        # The list's "frozen" column in the same query as the rows.
        used = Submission.objects.filter(criteria_set=OuterRef("pk")).exclude(
            status=Submission.Status.DRAFT
        )
        return super().get_queryset(request).annotate(used=Exists(used))

    @admin.display(boolean=True, description=_("frozen"), ordering="used")
    def frozen(self, obj):
        return obj.used

    def save_model(self, request, obj, form, change):
        if not change:
            # A new set starts as a draft; it is published with a date, through its checks.
            obj.state = CriteriaSet.State.DRAFT
            obj.valid_from = None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Copy to a new version"))
    def copy_to_new_version(self, request, queryset):
        for criteria_set in queryset:
            copy = services.criteria_set_copy(criteria_set=criteria_set)
            url = reverse("admin:diplomas_criteriaset_change", args=[copy.pk])
            messages.success(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("A draft copy was made of %(set)s.") % {"set": criteria_set},
                    url,
                    _("Edit the draft and publish it"),
                ),
            )

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="diplomas_criteriaset_publish",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "frozen_notice": _frozen(obj) and FROZEN_NOTICE,
            "publish_url": reverse("admin:diplomas_criteriaset_publish", args=[obj.pk])
            if obj is not None and obj.state == CriteriaSet.State.DRAFT
            else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def publish_view(self, request, pk):
        criteria_set = get_object_or_404(CriteriaSet, pk=pk)
        change_url = reverse("admin:diplomas_criteriaset_change", args=[pk])
        if criteria_set.state != CriteriaSet.State.DRAFT or not self.has_change_permission(
            request, criteria_set
        ):
            messages.error(request, _("Only a draft can be published."))
            return redirect(change_url)
        form = PublishForm(
            request.POST if request.method == "POST" else None,
            initial={"version": criteria_set.version.replace(" " + _("(copy)"), "")},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.criteria_set_publish(
                    criteria_set=criteria_set,
                    version=form.cleaned_data["version"],
                    valid_from=form.cleaned_data["valid_from"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_errors in error.message_dict.items():
                        form.add_error(field, field_errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("The version is published."))
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": criteria_set,
            "form": form,
            "title": _("Publish %(set)s") % {"set": criteria_set},
        }
        return TemplateResponse(request, "admin/diplomas/criteriaset/publish.html", context)


@admin.register(FeeTier)
class FeeTierAdmin(ModelAdmin):
    list_display = ["applies_to", "min_population", "max_population", "fee_sek"]
    list_editable = ["fee_sek"]


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(ModelAdmin):
    list_display = ["year", "due_date"]


# --- the review queue ----------------------------------------------------------------------------


class ReviewCommentInline(TabularInline):
    model = ReviewComment
    extra = 1
    fields = ["criterion", "text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            submission_id = request.resolver_match.kwargs.get("object_id")
            submission = Submission.objects.filter(pk=submission_id).first()
            if submission:
                kwargs["queryset"] = submission.asked_criteria()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventInline(TabularInline):
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
class SubmissionAdmin(ModelAdmin):
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
class ActivityAdmin(ModelAdmin):
    list_display = ["date", "title", "organisation", "kind", "open_to_residents"]
    list_filter = ["kind", "open_to_residents", "organisation__county"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "date"
    actions = [export_csv]


@admin.register(Invitation)
class InvitationAdmin(ModelAdmin):
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


# --- requests to become coordinator --------------------------------------------------------------


class CoordinatorRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm: make them coordinator")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you refuse. Sent by email in the person's language."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for the refusal; the person is told it."))
        return cleaned


@admin.action(description=_("Confirm the selected requests"))
def confirm_requests(modeladmin, request, queryset):
    confirmed = 0
    for item in queryset.filter(status=CoordinatorRequest.Status.OPEN):
        try:
            services.coordinator_request_confirm(coordinator_request=item, by=request.user)
        except ValidationError as error:
            messages.error(request, f"{item}: {' '.join(error.messages)}")
        else:
            confirmed += 1
    messages.success(
        request,
        _("%(count)s requests confirmed; the people have been told by email.")
        % {"count": confirmed},
    )


@admin.register(CoordinatorRequest)
class CoordinatorRequestAdmin(ModelAdmin):
    list_display = ["user", "organisation", "role", "status", "created", "decided_at", "decided_by"]
    list_filter = ["status", OrganisationKindFilter, "organisation__county"]
    search_fields = ["user__email", "user__name", "organisation__name"]
    list_select_related = ["user", "organisation", "decided_by"]
    readonly_fields = [
        "user",
        "organisation",
        "role",
        "motivation",
        "status",
        "created",
        "decided_by",
        "decided_at",
        "refusal_reason",
    ]
    fields = readonly_fields
    change_form_template = "admin/diplomas/coordinatorrequest/change_form.html"
    actions = [confirm_requests]

    def get_ordering(self, request):
        # The open ones first, the oldest of them on top: they wait for a decision.
        waiting_first = Case(
            When(status=CoordinatorRequest.Status.OPEN, then=Value(0)), default=Value(1)
        )
        return [waiting_first.asc(), "created"]

    def has_add_permission(self, request):
        # A person asks in the portal; staff decide here.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="diplomas_coordinatorrequest_decide",
            ),
            *super().get_urls(),
        ]

    def _context(self, item):
        is_open = item.status == CoordinatorRequest.Status.OPEN
        return {
            "decision_form": CoordinatorRequestDecisionForm() if is_open else None,
            "decide_url": reverse("admin:diplomas_coordinatorrequest_decide", args=[item.pk]),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, object_id)
        if item is not None:
            extra_context = {**(extra_context or {}), **self._context(item)}
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, pk):
        item = get_object_or_404(CoordinatorRequest, pk=pk)
        change_url = reverse("admin:diplomas_coordinatorrequest_change", args=[pk])
        if request.method != "POST" or not self.has_change_permission(request, item):
            return redirect(change_url)
        form = CoordinatorRequestDecisionForm(request.POST)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": item,
                "decision_form": form,
                "decide_url": reverse("admin:diplomas_coordinatorrequest_decide", args=[pk]),
                "title": _("Decide"),
            }
            return TemplateResponse(
                request, "admin/diplomas/coordinatorrequest/decide.html", context, status=400
            )
        try:
            if form.cleaned_data["decision"] == "confirm":
                services.coordinator_request_confirm(coordinator_request=item, by=request.user)
                messages.success(
                    request,
                    _("Confirmed: %(person)s is now a coordinator of %(organisation)s.")
                    % {"person": item.user, "organisation": item.organisation},
                )
            else:
                services.coordinator_request_refuse(
                    coordinator_request=item, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Refused. The person has been told by email."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(change_url)
