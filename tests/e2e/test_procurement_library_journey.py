"""A visitor goes from the coffee category's risk matrix to its requirements and compares three,
on a desktop and on a phone; axe checks every page."""

import pytest
from django.apps import apps
from django.db import connection
from playwright.sync_api import expect

from procurement.data.load import load_starter_library

from .helpers import follow, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(db):
    # A transactional test empties the database after it: the starter library is loaded anew.
    load_starter_library(apps, connection)


def add_link(page, identifier):
    link = page.locator(f"a.compare-add[href$='id={identifier}']")
    expect(link).to_contain_text(f"Lägg till i jämförelsen: {identifier}")
    return link


@pytest.mark.parametrize("width", [1280, 390])
def test_from_the_coffee_risk_matrix_to_three_requirements_side_by_side(
    page, check_page, library, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/upphandling/risker/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="Kaffe", exact=True))
    expect(page.locator("h1")).to_have_text("Kaffe")

    matrix = page.get_by_role("table", name="Riskmatris: Kaffe")
    expect(matrix).to_be_visible()
    # Each rating is in words next to its colour; the headers name stage and area.
    cell = matrix.locator("tbody tr").first.locator("td").first
    expect(cell).to_contain_text("Hög")
    expect(matrix.get_by_role("rowheader", name="Råvara")).to_be_visible()
    expect(matrix.get_by_role("columnheader", name="Mänskliga rättigheter")).to_be_visible()
    # On a phone the matrix scrolls inside its own labelled region, not the page.
    region = page.get_by_role("region", name="Riskmatris: Kaffe")
    expect(region).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    follow(page, check_page, page.get_by_role("link", name="Filtrera kravbiblioteket på Kaffe"))
    expect(page.locator("h1")).to_have_text("Kravbibliotek")
    expect(page.get_by_label("Kategori")).to_have_value("kaffe")

    # Narrow to the advanced ones and back, with the form.
    page.get_by_label("Nivå").select_option("advanced")
    submit(page, check_page, page.get_by_role("button", name="Visa"))
    expect(page.locator(".requirement-item")).to_have_count(1)
    page.get_by_label("Nivå").select_option("")
    submit(page, check_page, page.get_by_role("button", name="Visa"))
    expect(page.locator(".requirement-item")).to_have_count(3)

    follow(page, check_page, add_link(page, "FT-KAF-001"))
    expect(page.locator("h1")).to_have_text("Jämför krav")
    expect(page.locator(".compare-column")).to_have_count(1)
    follow(
        page, check_page, page.get_by_role("link", name="Lägg till ett krav från kravbiblioteket")
    )
    page.get_by_label("Kategori").select_option("kaffe")
    submit(page, check_page, page.get_by_role("button", name="Visa"))
    follow(page, check_page, add_link(page, "FT-KAF-003"))
    follow(
        page, check_page, page.get_by_role("link", name="Lägg till ett krav från kravbiblioteket")
    )
    page.get_by_label("Sök").fill("te")
    page.get_by_label("Kategori").select_option("te")
    submit(page, check_page, page.get_by_role("button", name="Visa"))
    follow(page, check_page, add_link(page, "FT-TEA-001"))

    columns = page.locator(".compare-column")
    expect(columns).to_have_count(3)
    expect(page.get_by_role("link", name="Lägg till ett krav från kravbiblioteket")).to_have_count(
        0
    )
    assert "id=FT-KAF-001&id=FT-KAF-003&id=FT-TEA-001" in page.url
    boxes = [columns.nth(i).bounding_box() for i in range(3)]
    if width == 1280:  # side by side
        assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]
    else:  # stacked
        assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    # A fourth is refused with a message; the three stay.
    page.goto(page.url + "&id=FT-BAN-001")
    check_page()
    expect(page.locator(".messages")).to_contain_text("Du kan jämföra högst tre krav")
    expect(columns).to_have_count(3)

    follow(page, check_page, page.get_by_role("link", name="FT-KAF-003", exact=False).first)
    expect(page.locator("h1")).to_contain_text("FT-KAF-003")
    expect(
        page.get_by_role("table", name="Versionerna av FT-KAF-003, nyaste först")
    ).to_be_visible()
