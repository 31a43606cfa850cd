"""A coordinator reports a year's figures (first with a mistake the form explains), sets a
goal and publishes them; a public visitor then reads Malmö's chart on its profile and the
national aggregate, on a phone; axe checks every page."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from playwright.sync_api import expect

from diplomas.models import Diploma
from procurement.data.load import load_starter_library
from procurement.models import Category, Figure
from tests.conftest import PASSWORD, make_organisation

from .helpers import expect_field_error, follow, log_in, log_out, main_submit, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(db):
    load_starter_library(apps, connection)


def test_a_coordinator_reports_figures_and_a_visitor_reads_the_chart_and_the_aggregate(
    page, check_page, library, coordinator, malmo
):
    Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2008, 6, 1),
    )
    coffee = Category.objects.get(code="KAF")
    for code in ("1283", "1290", "1292"):
        Figure.objects.create(
            organisation=make_organisation(code, f"Kommun {code}"),
            year=2025,
            category=coffee,
            total=1_000_000,
            with_requirements=500_000,
        )
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/")
    log_in(page, check_page, coordinator.email, PASSWORD)
    page.goto("/organisationer/malmo/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="Mål och siffror").first)
    expect(page.locator("h1")).to_contain_text("Mål och siffror")
    follow(page, check_page, page.get_by_role("link", name="Rapportera ett års siffror"))

    page.get_by_label("År").select_option("2025")
    page.get_by_label("Kategori").select_option(label="Kaffe")
    page.get_by_label("Totalt inköpt").fill("1000000")
    page.get_by_label("Varav med krav").fill("1200000")
    submit(page, check_page, main_submit(page))
    expect(expect_field_error(page, "id_with_requirements")).to_contain_text(
        "kan inte vara större än det totala"
    )
    page.get_by_label("Varav med krav").fill("900000")
    page.get_by_label("Varav rättvisemärkt").fill("600000")
    submit(page, check_page, main_submit(page))
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        "Siffrorna är sparade"
    )
    expect(page.get_by_role("table", name="Kaffe, år för år")).to_contain_text("90,0")

    follow(page, check_page, page.get_by_role("link", name="Sätt ett mål"))
    page.get_by_label("År").select_option("2025")
    page.get_by_label("Kategori").select_option(label="Kaffe")
    page.get_by_label("Mål (%)").fill("100")
    submit(page, check_page, main_submit(page))
    expect(page.get_by_role("table", name="Mål, det senaste året först")).to_contain_text(
        "inte nått"
    )
    submit(page, check_page, page.get_by_role("button", name="Visa dem på vår offentliga sida"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    log_out(page, check_page)

    page.goto("/diplomerade/malmo/")
    check_page()
    expect(page.get_by_role("heading", name="Inköp med krav")).to_be_visible()
    expect(page.get_by_role("img", name="Kaffe")).to_be_visible()
    follow(page, check_page, page.get_by_role("link", name="Hela nätverkets andelar"))
    expect(page.locator("h1")).to_have_text("Inköpsandelar i nätverket")
    # (500 000 × 3 + 900 000) / 4 000 000 = 60 %, weighted by spend.
    expect(page.get_by_role("table", name="Kaffe: nätverkets inköp")).to_contain_text("60,0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
