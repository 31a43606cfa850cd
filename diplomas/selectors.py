"""Reads: who may see which organisation, the public listing and its statistics.

Object-level access lives here: ``organisation_for`` answers 404 to anyone who is not a member
(or coordinator, when asked) of the organisation, so another organisation's URL reveals nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
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
    CriteriaSet,
    Criterion,
    CriterionThreshold,
    Diploma,
    DiplomaKind,
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


# --- the coordinator's checklist ---------------------------------------------------------------


@dataclass
class SubmissionView:
    submission: Submission
    checks: list  # list[rules.CriterionCheck] with .answer and .attachments set on each row
    completeness: int  # percent of criteria met

    @property
    def carried_over(self) -> list:
        """The rows whose answer is carried over and not confirmed yet."""
        return [row for row in self.checks if row["answer"] and row["answer"].carried_over]


def submission_view(submission: Submission) -> SubmissionView:
    from .services import computed_values

    # Only the criteria this application or report asks (the larger or the smaller report).
    criteria = list(submission.asked_criteria().prefetch_related("thresholds").order_by("number"))
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
        Organisation.objects.select_related("county", "diploma"),
        slug=slug,
        diploma__status__in=PUBLIC_STATUSES,
    )


def last_approved_report(organisation: Organisation) -> Submission | None:
    """The latest approved application or report by the year it is about (a late decision on
    an older year does not replace a newer report), read against its own criteria set."""
    return (
        Submission.objects.filter(organisation=organisation, status=Submission.Status.APPROVED)
        .select_related("criteria_set")
        .prefetch_related(
            Prefetch(
                "criteria_set__criteria",
                queryset=Criterion.objects.prefetch_related("thresholds").order_by("number"),
            ),
            Prefetch(
                "answers", queryset=Answer.objects.annotate(n_attachments=Count("attachments"))
            ),
        )
        .order_by("-year", "-decided_at")
        .first()
    )


def criteria_badges(submission: Submission) -> list:
    """One badge per criterion the report showed as met, from the report's own criteria set
    (never the version in force today): unmet criteria are not badges."""
    answers = {a.criterion_id: a for a in submission.answers.all()}
    badges = []
    for criterion in submission.criteria_set.criteria.all():
        answer = answers.get(criterion.pk)
        check = rules.check_criterion(
            criterion,
            organisation=submission.organisation,
            answer=answer,
            attachment_count=answer.n_attachments if answer else 0,
        )
        if answer is not None and check.met:
            badges.append(check)
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


# --- the public criteria ---------------------------------------------------------------------


def _with_criteria(queryset: QuerySet[CriteriaSet]) -> QuerySet[CriteriaSet]:
    return queryset.prefetch_related(
        Prefetch(
            "criteria",
            queryset=Criterion.objects.prefetch_related(
                Prefetch(
                    "thresholds", queryset=CriterionThreshold.objects.order_by("min_population")
                )
            ).order_by("number"),
        )
    )


@dataclass(frozen=True)
class PublicCriteria:
    kind: str
    label: str
    in_force: CriteriaSet | None
    versions: list  # every published version of the kind, newest first


def public_criteria(today: dt.date | None = None) -> list[PublicCriteria]:
    """The criteria in force today for Fairtrade City and for Fairtrade Region, and every
    published version of each (drafts are never public). Three queries, whatever the size."""
    today = today or timezone.localdate()
    published = list(
        _with_criteria(CriteriaSet.objects.filter(state=CriteriaSet.State.PUBLISHED)).order_by(
            "kind", "-valid_from"
        )
    )
    result = []
    for kind, label in DiplomaKind.choices:
        versions = [s for s in published if s.kind == kind]
        in_force = next((s for s in versions if s.valid_from <= today), None)
        result.append(PublicCriteria(kind=kind, label=label, in_force=in_force, versions=versions))
    return result


def public_criteria_set(kind: str, version: str) -> CriteriaSet:
    return get_object_or_404(
        _with_criteria(CriteriaSet.objects.filter(state=CriteriaSet.State.PUBLISHED)),
        kind=kind,
        version=version,
    )


def criteria_asked_next(organisation: Organisation, diploma: Diploma | None) -> list[Criterion]:
    """What the coming application or yearly report asks, from the set in force today."""
    from .services import criteria_set_valid_on, diploma_kind_for

    today = timezone.localdate()
    kind = diploma.kind if diploma else diploma_kind_for(organisation)
    try:
        criteria_set = criteria_set_valid_on(kind, today)
    except ValidationError:
        return []
    is_application = diploma is None or diploma.status == Diploma.Status.APPLYING
    is_larger = (
        rules.is_larger_report(diploma.diplomated_since, diploma.next_report_due.year - 1)
        if diploma and diploma.next_report_due
        else True
    )
    return list(
        criteria_set.criteria.filter(
            asked_in__in=Criterion.asked_in_report(
                is_application=is_application, is_larger_report=is_larger
            )
        ).order_by("number")
    )


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
