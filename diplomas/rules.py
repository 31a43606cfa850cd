"""What the portal computes instead of asking: deadlines, fee tiers, report size, a region's share
of residents in diplomated municipalities, and whether a criterion is met.

Numbers that Fairtrade Sverige may change (fees, deadlines, thresholds) are rows in the database;
this module only applies them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from .models import (
    Criterion,
    Diploma,
    FeeTier,
    GroupMember,
    GroupSector,
    Organisation,
    ReportDeadline,
)
from .templatetags.diplomas_format import format_measure


def last_day_of_february(year: int) -> dt.date:
    return dt.date(year, 2, calendar.monthrange(year, 2)[1])


def deadline_in(year: int) -> dt.date:
    """The report deadline that falls in ``year``: a ReportDeadline row, or the rule (the last
    day of February)."""
    row = ReportDeadline.objects.filter(year=year).first()
    return row.due_date if row else last_day_of_february(year)


def report_due(report_year: int) -> dt.date:
    """A yearly report tells about one calendar year and is due in February of the next."""
    return deadline_in(report_year + 1)


def current_report_year(today: dt.date) -> int:
    """The year the next yearly report is about: until the deadline in February the report on
    last year is the one to send; after it, this year's."""
    return today.year - 1 if today <= deadline_in(today.year) else today.year


def is_larger_report(diplomated_since: dt.date | None, report_year: int) -> bool:
    """Yearly reports alternate between a larger and a smaller one; the first report after the
    diploma (about the year it was awarded) is the larger."""
    if diplomated_since is None:
        return True
    return (report_year - diplomated_since.year) % 2 == 0


def fee_for(organisation: Organisation, tiers: list[FeeTier] | None = None) -> int | None:
    """The yearly fee in SEK, from the fee tiers kept as data. Regions (and Region Gotland,
    which also carries regional duties) pay the region tier."""
    kind = Organisation.Kind.REGION if organisation.is_region else Organisation.Kind.MUNICIPALITY
    if tiers is None:
        tiers = list(FeeTier.objects.filter(applies_to=kind))
    for tier in tiers:
        if tier.applies_to != kind:
            continue
        if organisation.population >= tier.min_population and (
            tier.max_population is None or organisation.population <= tier.max_population
        ):
            return tier.fee_sek
    return None


def region_resident_share(region: Organisation) -> Decimal:
    """The share (0–100) of the county's residents who live in municipalities diplomated as
    Fairtrade City. Each municipality is counted once; Region Gotland is its own only
    municipality, so its share is 100 when it is diplomated and 0 otherwise."""
    if region.population == 0:
        return Decimal(0)
    municipalities = Organisation.objects.filter(
        county_id=region.county_id, kind=Organisation.Kind.MUNICIPALITY
    )
    total = municipalities.aggregate(total=Sum("population"))["total"] or 0
    diplomated = (
        municipalities.filter(diploma__status=Diploma.Status.DIPLOMATED).aggregate(
            total=Sum("population")
        )["total"]
        or 0
    )
    if not total:
        return Decimal(0)
    return (Decimal(diplomated) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def threshold_for(criterion: Criterion, population: int) -> Decimal | None:
    # criterion.thresholds is prefetched by the selectors; filter in Python.
    for threshold in criterion.thresholds.all():
        if threshold.applies_to(population):
            return threshold.min_value
    return None


@dataclass(frozen=True)
class GroupPerson:
    name: str
    role: str
    sector: str

    @property
    def role_label(self) -> str:
        return GroupMember.Role(self.role).label if self.role in GroupMember.Role.values else ""

    @property
    def sector_label(self) -> str:
        return GroupSector(self.sector).label if self.sector in GroupSector.values else ""


@dataclass(frozen=True)
class LocalGroupSummary:
    """Who is in the local group, as the local-group criterion reads it: live from the roster
    while a report is a draft, from the answer's snapshot once it is submitted."""

    people: tuple[GroupPerson, ...]

    @classmethod
    def of(cls, members) -> LocalGroupSummary:
        return cls(tuple(GroupPerson(m.name, m.role, m.sector) for m in members))

    @classmethod
    def from_snapshot(cls, snapshot) -> LocalGroupSummary | None:
        if not isinstance(snapshot, dict) or not isinstance(snapshot.get("people"), list):
            return None
        return cls(
            tuple(
                GroupPerson(
                    str(p.get("name", "")), str(p.get("role", "")), str(p.get("sector", ""))
                )
                for p in snapshot["people"]
                if isinstance(p, dict)
            )
        )

    def as_snapshot(self) -> dict:
        # Names, roles and sectors only: email addresses and phone numbers stay on the roster.
        return {
            "people": [{"name": p.name, "role": p.role, "sector": p.sector} for p in self.people]
        }

    def _first(self, role: str) -> GroupPerson | None:
        holding = GroupMember.roles_holding(role)
        return next((p for p in self.people if p.role in holding), None)

    @property
    def chair(self) -> GroupPerson | None:
        return self._first(GroupMember.Role.CHAIR)

    @property
    def contact(self) -> GroupPerson | None:
        return self._first(GroupMember.Role.CONTACT)

    def count(self, *, role: str = "", sector: str = "") -> int:
        holding = GroupMember.roles_holding(role) if role else ()
        return sum(
            1
            for p in self.people
            if (not role or p.role in holding) and (not sector or p.sector == sector)
        )

    def sectors(self) -> list[tuple[str, int]]:
        """(sector label, number of people), in the order of the sectors."""
        return [
            (label, n) for value, label in GroupSector.choices if (n := self.count(sector=value))
        ]


def local_group_summary(organisation: Organisation) -> LocalGroupSummary:
    return LocalGroupSummary.of(organisation.group_members.order_by("role", "name"))


def local_group_missing(criterion: Criterion, summary: LocalGroupSummary) -> list[str]:
    """What the roster lacks against the criterion's requirements (kept as data on the
    criterion; ``criterion.group_requirements`` is prefetched by the selectors)."""
    if not summary.people:
        return [_("nobody is on the local group's roster")]
    missing = []
    for requirement in criterion.group_requirements.all():
        have = summary.count(role=requirement.role, sector=requirement.sector)
        if have >= requirement.min_count:
            continue
        if requirement.role == GroupMember.Role.CHAIR:
            missing.append(_("no chair"))
        elif requirement.role == GroupMember.Role.CONTACT:
            missing.append(_("no contact person"))
        elif requirement.sector:
            missing.append(
                _("%(sector)s: %(count)s of %(needed)s")
                % {
                    "count": have,
                    "needed": requirement.min_count,
                    "sector": GroupSector(requirement.sector).label.lower(),
                }
            )
        else:
            missing.append(
                _("%(count)s of %(needed)s people in the group")
                % {"count": have, "needed": requirement.min_count}
            )
    return missing


@dataclass(frozen=True)
class FiguresSource:
    """A purchase share the portal computed from the figures the organisation reported under
    *Goals and figures*; kept in the answer's snapshot when the report is submitted."""

    share: Decimal
    year: int
    categories: tuple[str, ...]

    def as_snapshot(self) -> dict:
        return {
            "source": "figures",
            "share": str(self.share),
            "year": self.year,
            "categories": list(self.categories),
        }

    @classmethod
    def from_snapshot(cls, snapshot) -> FiguresSource | None:
        if not isinstance(snapshot, dict) or snapshot.get("source") != "figures":
            return None
        return cls(
            share=Decimal(snapshot["share"]),
            year=int(snapshot["year"]),
            categories=tuple(snapshot.get("categories", ())),
        )


@dataclass(frozen=True)
class CriterionCheck:
    criterion: Criterion
    met: bool
    missing: str  # what is still missing, for the coordinator's checklist
    value: Decimal | None = None
    threshold: Decimal | None = None
    local_group: LocalGroupSummary | None = None  # what a local-group criterion read
    # Where a purchase share was read from the organisation's goals and figures (procurement),
    # instead of being typed into the report: the share, its year and its categories.
    from_figures: FiguresSource | None = None

    @property
    def is_percent(self) -> bool:
        """A share (0–100), written with "%": a percentage answer or a region's resident
        share."""
        return (
            self.criterion.answer_type == Criterion.AnswerType.PERCENT
            or self.criterion.computed == Criterion.Computed.REGION_SHARE
        )


def check_criterion(
    criterion: Criterion,
    *,
    organisation: Organisation,
    answer=None,
    attachment_count: int = 0,
    computed_value: Decimal | LocalGroupSummary | FiguresSource | None = None,
) -> CriterionCheck:
    threshold = threshold_for(criterion, organisation.population)
    missing: list[str] = []
    value: Decimal | None = None
    local_group: LocalGroupSummary | None = None
    from_figures: FiguresSource | None = None

    if criterion.computed == Criterion.Computed.LOCAL_GROUP:
        local_group = computed_value if isinstance(computed_value, LocalGroupSummary) else None
        if local_group is None and answer is not None:
            local_group = LocalGroupSummary.from_snapshot(answer.snapshot)
        if local_group is not None:
            missing.extend(local_group_missing(criterion, local_group))
        elif answer is None or not answer.text.strip():
            # Reports sent in before the roster existed answered this criterion in words; they
            # keep the verdict they had.
            missing.append(_("answer missing"))
    elif criterion.computed:
        value = computed_value
        if value is None and answer is not None:
            value = answer.number
        if value is None:
            missing.append(_("not computed yet"))
        elif threshold is not None and value < threshold:
            if criterion.computed == Criterion.Computed.ACTIVITIES:
                missing.append(
                    _("%(count)s of %(needed)s activities logged")
                    % {"count": int(value), "needed": int(threshold)}
                )
            else:
                missing.append(
                    _("%(value)s of %(needed)s reached")
                    % {
                        "value": format_measure(value, percent=True),
                        "needed": format_measure(threshold, percent=True),
                    }
                )
    elif criterion.answer_type == Criterion.AnswerType.TEXT:
        if answer is None or not answer.text.strip():
            missing.append(_("answer missing"))
    elif criterion.answer_type == Criterion.AnswerType.YES_NO:
        if answer is None or answer.yes_no is None:
            missing.append(_("answer missing"))
        elif not answer.yes_no:
            missing.append(_("not in place yet"))
    else:  # NUMBER, PERCENT
        from_figures = computed_value if isinstance(computed_value, FiguresSource) else None
        if from_figures is None and answer is not None:
            from_figures = FiguresSource.from_snapshot(answer.snapshot)
        if from_figures is not None:
            value = from_figures.share
        else:
            value = answer.number if answer is not None else None
        if value is None:
            missing.append(_("value missing"))
        elif threshold is not None and value < threshold:
            needed = format_measure(
                threshold, percent=criterion.answer_type == Criterion.AnswerType.PERCENT
            )
            missing.append(_("below the required %(needed)s") % {"needed": needed})

    if criterion.requires_attachment and attachment_count == 0:
        missing.append(_("evidence not attached"))
    return CriterionCheck(
        criterion=criterion,
        met=not missing,
        missing=", ".join(missing),
        value=value,
        threshold=threshold,
        local_group=local_group,
        from_figures=from_figures,
    )


def activities_in_year(organisation: Organisation, year: int) -> int:
    return organisation.activities.filter(date__year=year).count()
