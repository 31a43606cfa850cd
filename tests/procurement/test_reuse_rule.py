"""The reuse rule on its edges, as a pure function: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import override

from procurement.rules import Pinned, anniversary, audit_recent, reuse_verdict

TODAY = dt.date(2027, 3, 10)
COFFEE = [Pinned("FT-KAF-001", "basic", 1), Pinned("FT-KAF-002", "advanced", 2)]


def verdict(ours=COFFEE, theirs=COFFEE, audit_on=dt.date(2026, 1, 1), today=TODAY):
    with override("en"):
        return reuse_verdict(ours=ours, theirs=theirs, audit_on=audit_on, today=today)


def test_the_same_package_and_a_recent_audit_holds():
    result = verdict()
    assert result.holds
    assert [c.ours.identifier for c in result.covered] == ["FT-KAF-001", "FT-KAF-002"]
    assert result.not_covered == []


def test_an_audit_two_years_and_364_days_old_still_counts():
    audit_on = dt.date(2024, 3, 11)  # 2027-03-10 is 2 years 364 days later
    assert anniversary(audit_on, 3) == TODAY + dt.timedelta(days=1)
    assert verdict(audit_on=audit_on).holds


def test_an_audit_exactly_three_years_old_no_longer_counts():
    result = verdict(audit_on=dt.date(2024, 3, 10))
    assert not result.holds
    assert not result.audit_recent
    assert "2024-03-10" in result.reasons[0]


def test_no_completed_audit_does_not_count():
    result = verdict(audit_on=None)
    assert not result.holds
    assert result.reasons == ["The shared follow-up has no completed audit step."]


def test_a_missing_requirement_is_named():
    result = verdict(theirs=COFFEE[:1])
    assert not result.holds
    assert [c.ours.identifier for c in result.not_covered] == ["FT-KAF-002"]
    assert result.not_covered[0].theirs is None
    assert result.reasons[0].startswith("FT-KAF-002")


def test_a_lower_level_there_does_not_cover():
    theirs = [COFFEE[0], Pinned("FT-KAF-002", "basic", 2)]
    result = verdict(theirs=theirs)
    assert not result.holds
    assert [c.ours.identifier for c in result.not_covered] == ["FT-KAF-002"]


def test_a_higher_level_there_covers():
    theirs = [Pinned("FT-KAF-001", "spearhead", 1), COFFEE[1]]
    assert verdict(theirs=theirs).holds


def test_an_older_version_there_does_not_cover():
    theirs = [COFFEE[0], Pinned("FT-KAF-002", "advanced", 1)]
    result = verdict(theirs=theirs)
    assert not result.holds
    assert "v1" in result.not_covered[0].reason and "v2" in result.not_covered[0].reason


def test_a_newer_version_and_more_requirements_there_cover():
    theirs = [Pinned("FT-KAF-001", "basic", 3), COFFEE[1], Pinned("FT-KAF-003", "spearhead", 1)]
    assert verdict(theirs=theirs).holds


def test_every_reason_is_given_at_once():
    result = verdict(theirs=[], audit_on=dt.date(2020, 1, 1))
    assert len(result.reasons) == 3  # the old audit and both requirements


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2024, 2, 29), 3, dt.date(2027, 3, 1)),
        (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 29)),
        (dt.date(2024, 12, 31), 3, dt.date(2027, 12, 31)),
    ],
)
def test_anniversaries(day, years, expected):
    assert anniversary(day, years) == expected


def test_a_leap_day_audit_counts_until_the_first_of_march_three_years_on():
    assert audit_recent(dt.date(2024, 2, 29), dt.date(2027, 2, 28))
    assert not audit_recent(dt.date(2024, 2, 29), dt.date(2027, 3, 1))
