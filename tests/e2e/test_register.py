"""The register on a phone: the statistics chart stays readable at 390 px, the listing's wide
table scrolls in its own region, and the search finds names typed without accents."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from diplomas.models import Organisation
from diplomas.reference_data import load_reference_data
from tests.diplomas.factories import diplomate

from .helpers import submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def history(db):
    """A diploma awarded every year from 2005, in the municipalities first by name."""
    load_reference_data()
    this_year = dt.date.today().year
    organisations = Organisation.objects.filter(kind="municipality").order_by("name")
    for year, organisation in zip(range(2005, this_year + 1), organisations, strict=False):
        diplomate(organisation.code, year)
    diplomate("1480", 2010)  # Göteborg


def document_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_statistics_chart_is_readable_on_a_phone(page, check_page, history):
    page.set_viewport_size(PHONE)
    page.goto("/diplomerade/statistik/")
    check_page()
    assert document_width(page) <= PHONE["width"]
    chart = page.get_by_role("img", name="Diplomerade kommuner och regioner per år")
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    labels = chart.locator("text")
    assert 4 <= labels.count() <= 12  # values and years on at most six bars
    for index in range(labels.count()):
        label = labels.nth(index).bounding_box()
        assert label is not None and label["height"] >= 10  # CSS pixels on the phone
    expect(page.get_by_role("table", name="Diplom per år")).to_be_visible()


def test_the_listing_scrolls_its_table_not_the_page_and_finds_goteborg(page, check_page, history):
    page.set_viewport_size(PHONE)
    page.goto("/diplomerade/")
    check_page()
    assert document_width(page) <= PHONE["width"]
    region = page.get_by_role("region", name="Diplomerade kommuner och regioner")
    expect(region.get_by_role("columnheader", name="Senast förnyat")).to_be_attached()
    filters = page.get_by_role("search", name="Filtrera listan")
    filters.get_by_label("Sök på namn").fill("goteborg")
    submit(page, check_page, filters.get_by_role("button", name="Visa"))
    expect(page.get_by_role("status")).to_contain_text("1 träff")
    expect(region.get_by_role("link", name="Göteborg", exact=True)).to_be_visible()
    assert document_width(page) <= PHONE["width"]


@pytest.mark.parametrize("path", ["/diplomerade/oppna-data/", "/diplomerade/malmo/"])
def test_the_open_data_page_and_a_profile_fit_a_phone(page, check_page, history, path):
    Organisation.objects.filter(code="1280").update(
        website="https://malmo.se/", public_email="fairtrade.samordnare@malmo.se"
    )
    diplomate("1280", 2008)
    page.set_viewport_size(PHONE)
    page.goto(path)
    check_page()
    assert document_width(page) <= PHONE["width"]
