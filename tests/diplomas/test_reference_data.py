from pathlib import Path

import pytest

from diplomas.models import County, Organisation
from diplomas.reference_data import DATA_DIR, load_reference_data

pytestmark = pytest.mark.django_db


def test_loads_the_290_municipalities_and_21_regional_bodies():
    result = load_reference_data()

    assert (result.counties, result.municipalities, result.regions) == (21, 290, 20)
    assert County.objects.count() == 21
    assert Organisation.objects.filter(kind="municipality").count() == 290
    assert Organisation.objects.filter(kind="region").count() == 20
    # Region Gotland is one organisation with both duties: 20 regions + Gotland = 21 bodies.
    regional_bodies = [o for o in Organisation.objects.all() if o.is_region]
    assert len(regional_bodies) == 21


def test_gotland_is_one_organisation_counted_once():
    load_reference_data()

    gotland = Organisation.objects.get(county__code="09")
    assert gotland.code == "0980"
    assert gotland.official_name == "Region Gotland"
    assert gotland.has_regional_duties
    assert not Organisation.objects.filter(code="09").exists()


def test_population_adds_up_to_the_national_total_of_2024():
    load_reference_data()

    municipalities = Organisation.objects.filter(kind="municipality")
    assert sum(o.population for o in municipalities) == 10_587_710
    assert {o.population_year for o in municipalities} == {2024}
    assert Organisation.objects.get(code="0180").population == 995_574
    # A region's population is the sum of its municipalities'.
    skane = Organisation.objects.get(code="12")
    assert skane.population == sum(o.population for o in municipalities.filter(county=skane.county))


def test_loading_twice_keeps_one_row_each_and_keeps_profile_fields():
    load_reference_data()
    Organisation.objects.filter(code="1280").update(website="https://malmo.se")

    load_reference_data()

    assert Organisation.objects.count() == 310
    assert Organisation.objects.get(code="1280").website == "https://malmo.se"


def test_names_that_fold_alike_get_distinct_addresses():
    load_reference_data()

    slugs = set(
        Organisation.objects.filter(code__in=["0305", "0643"]).values_list("slug", flat=True)
    )
    assert len(slugs) == 2
    assert all(slug.startswith("habo-") for slug in slugs)


def test_the_data_names_its_sources():
    sources = (Path(DATA_DIR) / "SOURCES.md").read_text()
    assert "SCB" in sources
    assert "31 December 2024" in sources
