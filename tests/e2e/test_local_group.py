"""A coordinator keeps the local group's roster on a phone: the page passes axe, and only the
roster's own labelled region scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from diplomas.models import GroupMember

from .helpers import submit
from .test_diploma_journey import use_session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_keeps_the_roster_on_a_phone(
    page, check_page, live_server, malmo, coordinator
):
    for index, sector in enumerate(["official", "business", "civil_society", "faith", "school"]):
        GroupMember.objects.create(
            organisation=malmo,
            name=f"Person Med Ett Långt Namn {index}",
            sector=sector,
            email=f"person.med.ett.langt.namn.{index}@malmo.example",
            phone="040-34 10 00",
        )
    page.set_viewport_size({"width": 390, "height": 844})
    use_session_of(page, live_server.url, coordinator)
    page.goto("/organisationer/malmo/arbetsgrupp/")
    check_page()
    expect(page.locator("h1")).to_have_text("Arbetsgrupp: Malmö")
    page.get_by_label("Namn").fill("Anna Ordförande")
    page.get_by_label("Roll i gruppen").select_option(label="Ordförande")
    page.get_by_label("Sektor").select_option(label="Förtroendevald politiker")
    submit(page, check_page, page.get_by_role("button", name="Lägg till i gruppen"))
    expect(page.locator(".messages")).to_contain_text("Anna Ordförande har lagts till")
    expect(page.locator("dl.facts")).to_contain_text("Anna Ordförande")
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, "the page scrolls sideways at 390 px"
    expect(page.get_by_role("region", name="Arbetsgruppen")).to_be_visible()
