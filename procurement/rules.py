"""The reuse rule of shared follow-up, as a pure function (no database): another organisation's
follow-up counts for yours only when

(a) its last completed audit step is less than three years old, and
(b) its requirement package is at least as strict as yours: every requirement of yours is in
    theirs at the same or a higher level, in the same or a newer version.

The portal enforces it: a follow-up is marked "covered by shared follow-up" only when
:func:`reuse_verdict` says ``holds``; otherwise the reasons are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models.requirements import Level

MAX_AGE_YEARS = 3


@dataclass(frozen=True)
class Pinned:
    """One requirement of a package as the rule sees it."""

    identifier: str
    level: str
    version: int

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


@dataclass(frozen=True)
class Coverage:
    ours: Pinned
    theirs: Pinned | None
    reason: str = ""  # empty when covered

    @property
    def covered(self) -> bool:
        return not self.reason


@dataclass
class Verdict:
    audit_on: dt.date | None
    audit_recent: bool
    coverage: list[Coverage] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.reasons

    @property
    def covered(self) -> list[Coverage]:
        return [c for c in self.coverage if c.covered]

    @property
    def not_covered(self) -> list[Coverage]:
        return [c for c in self.coverage if not c.covered]


def anniversary(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` later; 29 February turns into 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def audit_recent(audit_on: dt.date | None, today: dt.date) -> bool:
    """Less than three years old: an audit on 2024-03-10 counts up to 2027-03-09."""
    return audit_on is not None and today < anniversary(audit_on, MAX_AGE_YEARS)


def coverage_of(ours: Pinned, theirs: dict[str, Pinned]) -> Coverage:
    match = theirs.get(ours.identifier)
    if match is None:
        return Coverage(ours, None, _("not in the shared follow-up's requirement package"))
    if Level.rank(match.level) < Level.rank(ours.level):
        return Coverage(
            ours,
            match,
            _("a lower level there (%(theirs)s, yours %(ours)s)")
            % {"theirs": Level(match.level).label, "ours": Level(ours.level).label},
        )
    if match.version < ours.version:
        return Coverage(
            ours,
            match,
            _("an older version there (v%(theirs)s, yours v%(ours)s)")
            % {"theirs": match.version, "ours": ours.version},
        )
    return Coverage(ours, match)


def reuse_verdict(
    *,
    ours: list[Pinned],
    theirs: list[Pinned],
    audit_on: dt.date | None,
    today: dt.date,
) -> Verdict:
    """Whether a follow-up with the requirements ``theirs`` and its last completed audit on
    ``audit_on`` covers a contract with the requirements ``ours``, on ``today``."""
    recent = audit_recent(audit_on, today)
    by_identifier = {p.identifier: p for p in theirs}
    verdict = Verdict(
        audit_on=audit_on,
        audit_recent=recent,
        coverage=[coverage_of(p, by_identifier) for p in sorted(ours, key=lambda p: p.identifier)],
    )
    if audit_on is None:
        verdict.reasons.append(_("The shared follow-up has no completed audit step."))
    elif not recent:
        verdict.reasons.append(
            _("Its last completed audit (%(date)s) is three years old or more.")
            % {"date": audit_on.isoformat()}
        )
    if not ours:
        verdict.reasons.append(_("Your contract's requirement package has no requirements."))
    for coverage in verdict.not_covered:
        verdict.reasons.append(f"{coverage.ours.identifier}: {coverage.reason}")
    return verdict
