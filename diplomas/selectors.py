"""Reads: who may see which organisation, the public listing and its statistics.

Object-level access lives here: ``organisation_for`` answers 404 to anyone who is not a member
(or coordinator, when asked) of the organisation, so another organisation's URL reveals nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import rules
from .models import (
    Answer,
    Attachment,
    County,
    Criterion,
    Diploma,
    GroupMember,
    Membership,
    Organisation,
    Submission,
)

PUBLIC_STATUSES = (Diploma.Status.DIPLOMATED, Diploma.Status.PAUSED)


def memberships_of(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__county", "organisation__diploma")
        .order_by("organisation__name")
    )


def organisation_for(
    user, slug: str, *, coordinator: bool = False
) -> tuple[Organisation, Membership | None]:
    """The organisation with this slug, if the user belongs to it (staff see every one).
    Anyone else gets 404, so the URL of another organisation reveals nothing."""
    organisation = get_object_or_404(Organisation.objects.select_related("county"), slug=slug)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if coordinator:
        # Changing needs a coordinator of this organisation; staff change things in the admin.
        if membership is None or membership.role != Membership.Role.COORDINATOR:
            raise Http404
    elif membership is None and not user.is_staff:
        raise Http404
    return organisation, membership


def submission_for(organisation: Organisation, pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("criteria_set", "organisation"),
        pk=pk,
        organisation=organisation,
    )


def attachment_for(organisation: Organisation, pk: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("answer__submission"),
        pk=pk,
        answer__submission__organisation=organisation,
    )


def overdue_q(today: dt.date) -> Q:
    """Diplomas whose yearly report is past its deadline and not sent in."""
    sent_in = Submission.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        kind=Submission.Kind.YEARLY_REPORT,
        year=ExtractYear(OuterRef("next_report_due")) - 1,
    ).exclude(status=Submission.Status.DRAFT)
    return Q(status=Diploma.Status.DIPLOMATED, next_report_due__lt=today) & ~Q(Exists(sent_in))


def diploma_is_overdue(diploma: Diploma, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return Diploma.objects.filter(overdue_q(today), pk=diploma.pk).exists()


# --- the local group (arbetsgrupp) ---------------------------------------------------------------


def group_members_of(organisation: Organisation) -> list[GroupMember]:
    """The roster: the chair, the contact person, then the others by name."""
    return list(
        GroupMember.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "name", "pk")
    )


def group_member_for(organisation: Organisation, pk: int) -> GroupMember:
    return get_object_or_404(GroupMember, pk=pk, organisation=organisation)


def _local_group_leads() -> Prefetch:
    """Prefetch of only the chair and the contact person, which is what
    ``Organisation.local_group_chair`` and ``local_group_contact`` read."""
    return Prefetch(
        "group_members",
        queryset=GroupMember.objects.exclude(role=GroupMember.Role.MEMBER),
    )


# --- the coordinator's checklist ---------------------------------------------------------------


@dataclass
class SubmissionView:
    submission: Submission
    checks: list  # list[rules.CriterionCheck] with .answer and .attachments set on each row
    completeness: int  # percent of criteria met


def submission_view(submission: Submission) -> SubmissionView:
    from .services import computed_values

    criteria = list(
        submission.criteria_set.criteria.prefetch_related(
            "thresholds", "group_requirements"
        ).order_by("number")
    )
    answers = {a.criterion_id: a for a in submission.answers.prefetch_related("attachments").all()}
    computed = computed_values(submission) if submission.is_editable else {}
    rows = []
    for criterion in criteria:
        answer = answers.get(criterion.pk)
        attachments = list(answer.attachments.all()) if answer else []
        check = rules.check_criterion(
            criterion,
            organisation=submission.organisation,
            answer=answer,
            attachment_count=len(attachments),
            computed_value=computed.get(criterion.pk),
        )
        rows.append(
            {"check": check, "criterion": criterion, "answer": answer, "attachments": attachments}
        )
    met = sum(1 for row in rows if row["check"].met)
    completeness = round(100 * met / len(rows)) if rows else 0
    return SubmissionView(submission=submission, checks=rows, completeness=completeness)


# --- the public listing ------------------------------------------------------------------------


def public_diplomas() -> QuerySet[Diploma]:
    return Diploma.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "organisation", "organisation__county"
    )


def public_organisation(slug: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.select_related("county", "diploma").prefetch_related(
            _local_group_leads()
        ),
        slug=slug,
        diploma__status__in=PUBLIC_STATUSES,
    )


def last_approved_report(organisation: Organisation) -> Submission | None:
    return (
        Submission.objects.filter(organisation=organisation, status=Submission.Status.APPROVED)
        .select_related("criteria_set")
        .prefetch_related(
            Prefetch(
                "criteria_set__criteria",
                queryset=Criterion.objects.prefetch_related(
                    "thresholds", "group_requirements"
                ).order_by("number"),
            ),
            Prefetch(
                "answers", queryset=Answer.objects.annotate(n_attachments=Count("attachments"))
            ),
        )
        .order_by("-decided_at")
        .first()
    )


def criteria_badges(submission: Submission) -> list:
    answers = {a.criterion_id: a for a in submission.answers.all()}
    badges = []
    for criterion in submission.criteria_set.criteria.all():
        answer = answers.get(criterion.pk)
        badges.append(
            rules.check_criterion(
                criterion,
                organisation=submission.organisation,
                answer=answer,
                attachment_count=answer.n_attachments if answer else 0,
            )
        )
    return badges


def purchase_shares(organisation: Organisation) -> list[tuple[int, object]]:
    """The organisation's reported share of fairly traded purchases, year by year, from its
    approved applications and reports."""
    rows = (
        Answer.objects.filter(
            submission__organisation=organisation,
            submission__status=Submission.Status.APPROVED,
            criterion__is_purchase_share=True,
            number__isnull=False,
        )
        .order_by("submission__year")
        .values_list("submission__year", "number")
    )
    return list(dict(rows).items())


# --- statistics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkStatistics:
    by_year: list[tuple[int, int, int]]  # (year, newly diplomated, diplomated at year end)
    by_county: list[tuple[str, int, int]]  # (county, cities, regions)
    total_cities: int
    total_regions: int
    population_covered: int


def network_statistics() -> NetworkStatistics:
    diplomas = Diploma.objects.filter(status=Diploma.Status.DIPLOMATED)
    per_year = dict(
        diplomas.exclude(diplomated_since=None)
        .annotate(since_year=ExtractYear("diplomated_since"))
        .values("since_year")
        .annotate(n=Count("id"))
        .values_list("since_year", "n")
        .order_by()
    )
    by_year = []
    running = 0
    for year in range(
        min(per_year, default=timezone.localdate().year), timezone.localdate().year + 1
    ):
        running += per_year.get(year, 0)
        by_year.append((year, per_year.get(year, 0), running))

    counts = Counter(diplomas.values_list("organisation__county__name", "kind").order_by())
    county_names = County.objects.order_by("code").values_list("name", flat=True)
    by_county = [
        (name, counts.get((name, "city"), 0), counts.get((name, "region"), 0))
        for name in county_names
    ]
    totals = diplomas.aggregate(
        cities=Count("id", filter=Q(kind="city")),
        regions=Count("id", filter=Q(kind="region")),
        population=Sum("organisation__population", filter=Q(organisation__kind="municipality")),
    )
    return NetworkStatistics(
        by_year=by_year,
        by_county=by_county,
        total_cities=totals["cities"],
        total_regions=totals["regions"],
        population_covered=totals["population"] or 0,
    )
