"""What the portal computes: fee tiers, deadlines (also in a leap year), the alternating report
size, and a region's share of residents in diplomated municipalities."""

import datetime as dt
from decimal import Decimal

import pytest

from diplomas import rules
from diplomas.models import Diploma, FeeTier, Organisation, ReportDeadline
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "fee"),
    [
        (1, 5_000),
        (9_999, 5_000),
        (10_000, 10_000),
        (29_999, 10_000),
        (30_000, 15_000),
        (59_999, 15_000),
        (60_000, 20_000),
        (99_999, 20_000),
        (100_000, 25_000),
        (995_574, 25_000),
    ],
)
def test_the_fee_of_a_municipality_follows_its_population(criteria, population, fee):
    municipality = make_organisation("0114", "Ort", population=population)
    assert rules.fee_for(municipality) == fee


def test_regions_pay_the_region_fee_whatever_their_population(criteria):
    region = make_organisation("01", "Region Stockholm", population=2_473_307)
    assert rules.fee_for(region) == 25_000


def test_fee_tiers_are_data_staff_can_change(criteria):
    FeeTier.objects.filter(applies_to="municipality", min_population=0).update(fee_sek=6_000)
    assert rules.fee_for(make_organisation("0114", "Ort", population=5_000)) == 6_000


def test_the_deadline_is_the_last_day_of_february_also_in_a_leap_year(criteria):
    assert rules.last_day_of_february(2027) == dt.date(2027, 2, 28)
    assert rules.last_day_of_february(2028) == dt.date(2028, 2, 29)
    assert rules.last_day_of_february(2100) == dt.date(2100, 2, 28)  # not a leap year
    assert rules.report_due(2027) == dt.date(2028, 2, 29)  # the report on 2027 is due in 2028
    assert rules.report_due(2026) == dt.date(2027, 2, 28)
    assert rules.report_due(2039) == dt.date(2040, 2, 29)  # beyond the seeded rows: the rule


def test_a_deadline_row_moves_the_deadline(criteria):
    ReportDeadline.objects.filter(year=2027).update(due_date=dt.date(2027, 3, 15))
    assert rules.report_due(2026) == dt.date(2027, 3, 15)


def test_which_report_is_due_depends_on_the_day(criteria):
    assert rules.current_report_year(dt.date(2027, 2, 28)) == 2026
    assert rules.current_report_year(dt.date(2027, 3, 1)) == 2027
    assert rules.current_report_year(dt.date(2028, 2, 29)) == 2027


def test_reports_alternate_between_larger_and_smaller():
    since = dt.date(2020, 5, 15)
    sizes = [rules.is_larger_report(since, year) for year in range(2020, 2026)]
    assert sizes == [True, False, True, False, True, False]
    assert rules.is_larger_report(None, 2026) is True


def _diplomate(organisation: Organisation) -> None:
    Diploma.objects.create(organisation=organisation, kind="city", status=Diploma.Status.DIPLOMATED)


def test_a_regions_share_counts_residents_of_diplomated_municipalities():
    region = make_organisation("12", "Region Skåne", population=1_000)
    malmo = make_organisation("1280", "Malmö", population=300)
    make_organisation("1281", "Lund", population=200)
    make_organisation("1282", "Landskrona", population=500)
    assert rules.region_resident_share(region) == Decimal("0.0")

    _diplomate(malmo)
    assert rules.region_resident_share(region) == Decimal("30.0")

    paused = make_organisation("1283", "Helsingborg", population=0)
    Diploma.objects.create(organisation=paused, kind="city", status=Diploma.Status.PAUSED)
    assert rules.region_resident_share(region) == Decimal("30.0")  # paused does not count


def test_municipalities_of_other_counties_do_not_count():
    region = make_organisation("12", "Region Skåne", population=1_000)
    make_organisation("1280", "Malmö", population=1_000)
    stockholm = make_organisation(
        "0180", "Stockholm", population=5_000, county_name="Stockholms län"
    )
    _diplomate(stockholm)
    assert rules.region_resident_share(region) == Decimal("0.0")


def test_gotland_is_never_counted_twice():
    gotland = make_organisation(
        "0980", "Gotland", population=61_000, county_name="Gotlands län", has_regional_duties=True
    )
    _diplomate(gotland)
    # Gotland is its own county's only municipality and its own region: 100 %, not 200 %.
    assert rules.region_resident_share(gotland) == Decimal("100.0")
