"""The map of diploma holders on a phone: it fits the screen, every mark can be followed."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from diplomas.models import Diploma, Organisation
from diplomas.reference_data import load_reference_data

from .helpers import follow, main_submit, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def not_wider_than_the_viewport(page) -> None:
    width, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= viewport, f"the page is {width} px wide in a {viewport} px viewport"


def test_the_map_on_a_390_px_phone(page, check_page):
    load_reference_data()
    for code, status in [("1280", "diplomated"), ("1283", "paused"), ("12", "diplomated")]:
        organisation = Organisation.objects.get(code=code)
        Diploma.objects.create(
            organisation=organisation,
            kind="region" if organisation.kind == "region" else "city",
            status=status,
            diplomated_since=dt.date(2010, 1, 1),
        )
    page.set_viewport_size(PHONE)
    page.goto("/diplomerade/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="De här på en karta"))
    expect(page.locator("h1")).to_have_text("Karta över diplomerade")
    not_wider_than_the_viewport(page)
    svg = page.locator("svg.diploma-map")
    box = svg.bounding_box()
    assert box is not None and 300 < box["width"] <= PHONE["width"]
    expect(svg.get_by_role("link")).to_have_count(3)
    mark = svg.get_by_role("link", name="Helsingborg: Fairtrade City, vilande")
    mark_box = mark.bounding_box()
    assert mark_box is not None and mark_box["width"] >= 20  # large enough to tap

    # Region Skåne's diamond surrounds Malmö's mark (both on Malmö): its tips can be followed.
    region = svg.get_by_role("link", name="Region Skåne: Fairtrade Region, diplomerad")
    region_box = region.bounding_box()
    assert region_box is not None
    with page.expect_navigation():
        region.click(position={"x": 4, "y": region_box["height"] / 2})
    check_page()
    expect(page.locator("h1")).to_contain_text("Region Skåne")
    page.go_back()
    check_page()

    # The filter form narrows the marks, and the list below says the same.
    page.locator("#id_kind").select_option("region")
    submit(page, check_page, main_submit(page))
    not_wider_than_the_viewport(page)
    expect(svg.get_by_role("link")).to_have_count(1)
    expect(page.locator(".map-list li")).to_have_count(1)

    follow(
        page, check_page, svg.get_by_role("link", name="Region Skåne: Fairtrade Region, diplomerad")
    )
    expect(page.locator("h1")).to_contain_text("Region Skåne")
