"""Reads: who may see which organisation, the public listing and its statistics.

Object-level access lives here: ``organisation_for`` answers 404 to anyone who is not a member
(or coordinator, when asked) of the organisation, so another organisation's URL reveals nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from fairtrade_portal.search import normalise

from . import rules
from .models import (
    Answer,
    Attachment,
    CoordinatorRequest,
    County,
    CriteriaSet,
    Criterion,
    CriterionThreshold,
    Diploma,
    DiplomaKind,
    DiplomaStatusChange,
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


# The diploma states whose organisations make up the network: their members read the intranet.
NETWORK_STATUSES = (Diploma.Status.APPLYING, Diploma.Status.DIPLOMATED, Diploma.Status.PAUSED)


def network_organisations_of(user) -> QuerySet[Organisation]:
    """The organisations of the network this user is a member of (any role)."""
    return Organisation.objects.filter(
        memberships__user=user, diploma__status__in=NETWORK_STATUSES
    ).distinct()


def is_network_member(user) -> bool:
    """Staff, or a member (any role) of an organisation whose diploma is applying, diplomated or
    paused: who may read the intranet. Kept on the user object for the rest of the request."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_is_network_member", None)
    if cached is None:
        cached = user._is_network_member = network_organisations_of(user).exists()
    return cached


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

    @property
    def carried_over(self) -> list:
        """The rows whose answer is carried over and not confirmed yet."""
        return [
            row
            for row in self.checks
            if row["answer"] and row["answer"].carried_over and row["check"].from_figures is None
        ]


def submission_view(submission: Submission) -> SubmissionView:
    from .services import computed_values

    # Only the criteria this application or report asks (the larger or the smaller report).
    criteria = list(
        submission.asked_criteria()
        .prefetch_related("thresholds", "group_requirements")
        .order_by("number")
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


def last_renewed(organisation_ref: str) -> Subquery:
    """When the diploma was last renewed: the decision date of the organisation's last approved
    yearly report. A subquery, so a list of any length annotates it in its one query."""
    renewals = Submission.objects.filter(
        organisation_id=OuterRef(organisation_ref),
        kind=Submission.Kind.YEARLY_REPORT,
        status=Submission.Status.APPROVED,
        decided_at__isnull=False,
    ).order_by("-decided_at")
    return Subquery(renewals.values("decided_at")[:1])


def public_diplomas() -> QuerySet[Diploma]:
    return (
        Diploma.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("organisation", "organisation__county")
        .annotate(last_renewed=last_renewed("organisation_id"))
    )


def public_organisation(slug: str) -> Organisation:
    return get_object_or_404(
        # figure_publication: whether the profile shows the goals and figures (procurement).
        Organisation.objects.select_related("county", "diploma", "figure_publication")
        .annotate(last_renewed=last_renewed("pk"))
        .prefetch_related(_local_group_leads()),
        slug=slug,
        diploma__status__in=PUBLIC_STATUSES,
    )


def diplomated_municipalities_of(region: Organisation) -> list[Organisation]:
    """The municipalities of a region's county that hold the diploma Fairtrade City."""
    return list(
        Organisation.objects.filter(
            county_id=region.county_id,
            kind=Organisation.Kind.MUNICIPALITY,
            diploma__status=Diploma.Status.DIPLOMATED,
        ).order_by("name")
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
                queryset=Criterion.objects.prefetch_related(
                    "thresholds", "group_requirements"
                ).order_by("number"),
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
#
# Counted from the history of status changes, never from each diploma's current status: pausing
# a diploma today must not remove it from the years it held the diploma.


@dataclass(frozen=True)
class YearFigures:
    year: int
    awarded: int  # became diplomated for the first time during the year
    paused: int  # went from diplomated to vilande during the year
    left: int  # went from diplomated or vilande to withdrawn during the year
    held: int  # diplomated on 31 December (today, for the current year)


@dataclass(frozen=True)
class CountyFigures:
    county: str
    cities: int  # Fairtrade City diplomas held today
    regions: int  # Fairtrade Region diplomas held today
    awarded: int  # in the current year, as in YearFigures
    paused: int
    left: int


@dataclass(frozen=True)
class NetworkStatistics:
    year: int  # the current year, which the county figures are for
    by_year: list[YearFigures]
    by_county: list[CountyFigures]
    total_cities: int
    total_regions: int
    population_covered: int


@dataclass
class _Tally:
    awarded: set = field(default_factory=set)
    paused: set = field(default_factory=set)
    left: set = field(default_factory=set)


def network_statistics(today: dt.date | None = None) -> NetworkStatistics:
    """Three queries, whatever the size of the register: the diplomas, their status changes
    (in the order they happened) and the counties."""
    today = today or timezone.localdate()
    diplomas = {
        pk: (kind, county_id, organisation_kind, population)
        for pk, kind, county_id, organisation_kind, population in Diploma.objects.values_list(
            "pk",
            "kind",
            "organisation__county_id",
            "organisation__kind",
            "organisation__population",
        ).order_by()
    }
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    ends: dict[int, dict[int, str]] = defaultdict(dict)  # diploma → {year: status at its end}
    status: dict[int, str] = {}
    ever_diplomated: set[int] = set()
    changes = DiplomaStatusChange.objects.order_by("changed_at", "pk").values_list(
        "diploma_id", "to_status", "changed_at"
    )
    for diploma_id, to_status, changed_at in changes:
        year = timezone.localtime(changed_at).year
        if year > today.year:
            continue
        before = status.get(diploma_id)
        tally = tallies[year]
        if to_status == Diploma.Status.DIPLOMATED and diploma_id not in ever_diplomated:
            ever_diplomated.add(diploma_id)
            tally.awarded.add(diploma_id)
        elif to_status == Diploma.Status.PAUSED and before == Diploma.Status.DIPLOMATED:
            tally.paused.add(diploma_id)
        elif to_status == Diploma.Status.WITHDRAWN and before in PUBLIC_STATUSES:
            tally.left.add(diploma_id)
        status[diploma_id] = to_status
        ends[diploma_id][year] = to_status

    first_year = min((year for year, tally in tallies.items() if tally.awarded), default=today.year)
    held_per_year: Counter = Counter()
    for year_ends in ends.values():
        current = ""
        for year in range(min(min(year_ends), first_year), today.year + 1):
            current = year_ends.get(year, current)
            if current == Diploma.Status.DIPLOMATED:
                held_per_year[year] += 1
    by_year = [
        YearFigures(
            year=year,
            awarded=len(tallies[year].awarded) if year in tallies else 0,
            paused=len(tallies[year].paused) if year in tallies else 0,
            left=len(tallies[year].left) if year in tallies else 0,
            held=held_per_year[year],
        )
        for year in range(first_year, today.year + 1)
    ]

    held_now = [pk for pk, value in status.items() if value == Diploma.Status.DIPLOMATED]
    this_year = tallies.get(today.year, _Tally())
    per_county: dict[int, Counter] = defaultdict(Counter)
    for pk in held_now:
        kind, county_id, _k, _p = diplomas[pk]
        per_county[county_id]["cities" if kind == DiplomaKind.CITY else "regions"] += 1
    for name in ("awarded", "paused", "left"):
        for pk in getattr(this_year, name):
            per_county[diplomas[pk][1]][name] += 1
    by_county = [
        CountyFigures(
            county=county_name,
            cities=per_county[county_id]["cities"],
            regions=per_county[county_id]["regions"],
            awarded=per_county[county_id]["awarded"],
            paused=per_county[county_id]["paused"],
            left=per_county[county_id]["left"],
        )
        for county_id, county_name in County.objects.order_by("code").values_list("pk", "name")
    ]
    return NetworkStatistics(
        year=today.year,
        by_year=by_year,
        by_county=by_county,
        total_cities=sum(1 for pk in held_now if diplomas[pk][0] == DiplomaKind.CITY),
        total_regions=sum(1 for pk in held_now if diplomas[pk][0] == DiplomaKind.REGION),
        # People living in a Fairtrade City municipality: Region Gotland's municipality counts
        # once, regions are not added on top of their municipalities.
        population_covered=sum(
            diplomas[pk][3] for pk in held_now if diplomas[pk][2] == Organisation.Kind.MUNICIPALITY
        ),
    )


# --- requests to become coordinator ------------------------------------------------------------


SEARCH_RESULTS_MAX = 25


def organisations_matching(query: str) -> list[Organisation]:
    """Municipalities and regions whose name holds the query, ignoring case and accents (the
    one normalisation, ``fairtrade_portal.search``, on ``search_name``); names that start with
    it first."""
    wanted = normalise(query)
    if not wanted:
        return []
    found = list(
        Organisation.objects.filter(search_name__contains=wanted)
        .select_related("county")
        .order_by("name")
    )
    found.sort(key=lambda organisation: not organisation.search_name.startswith(wanted))
    return found[:SEARCH_RESULTS_MAX]


def coordinator_requests_of(user) -> list[CoordinatorRequest]:
    """The person's requests that still say something: waiting ones and refusals."""
    return list(
        CoordinatorRequest.objects.filter(
            user=user,
            status__in=[CoordinatorRequest.Status.OPEN, CoordinatorRequest.Status.REFUSED],
        ).select_related("organisation")
    )


def own_coordinator_request(user, pk: int) -> CoordinatorRequest:
    """One of the person's own requests; anyone else's answers 404."""
    return get_object_or_404(
        CoordinatorRequest.objects.select_related("organisation"), pk=pk, user=user
    )


def open_coordinator_requests_for(organisation: Organisation) -> list[CoordinatorRequest]:
    return list(
        CoordinatorRequest.objects.filter(
            organisation=organisation, status=CoordinatorRequest.Status.OPEN
        )
        .select_related("user")
        .order_by("created", "id")
    )


def open_coordinator_request_for(organisation: Organisation, pk: int) -> CoordinatorRequest:
    """An open request for this organisation; another organisation's answers 404."""
    return get_object_or_404(
        CoordinatorRequest.objects.select_related("user", "organisation"),
        pk=pk,
        organisation=organisation,
        status=CoordinatorRequest.Status.OPEN,
    )
