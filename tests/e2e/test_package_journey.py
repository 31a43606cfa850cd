"""A visitor builds a requirement package and downloads it as PDF and Word; a coordinator saves
one, a requirement in it gets a new version, and the coordinator sees it outdated and updates
it. axe checks every page on the way."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from procurement.models import Level, Package
from procurement.services.requirements import requirement_publish_version

from ..procurement.factories import requirement
from .helpers import submit
from .test_diploma_journey import use_session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coffee(empty_library):
    return [
        requirement("FT-KAF-001", level=Level.BASIC, title_sv="Kaffe med hållbarhetsmärkning"),
        requirement(
            "FT-KAF-002",
            level=Level.ADVANCED,
            title_sv="Långsiktiga handelsrelationer",
            text_sv="Leverantören ska köpa kaffet genom långsiktiga avtal med odlarna.",
        ),
        requirement("FT-KAF-003", level=Level.SPEARHEAD, title_sv="Minimipris och premie"),
    ]


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_a_visitor_builds_a_package_and_downloads_pdf_and_word(page, check_page, coffee):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/upphandling/kravpaket/")
    check_page()
    expect(page.locator("h1")).to_have_text("Kravbyggaren")
    page.get_by_label("Kaffe").check()
    page.get_by_label("Avancerad").check()
    submit(page, check_page, page.get_by_role("button", name="Visa kraven"))
    expect(page.get_by_role("heading", name="1 krav i paketet")).to_be_visible()
    expect(page.get_by_role("heading", name="FT-KAF-002 v1 – Långsiktiga")).to_be_visible()
    expect(page.get_by_label("Ren text att klistra in")).to_contain_text("FT-KAF-002 v1")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    pdf = download(page, page.get_by_role("link", name="Ladda ner som PDF"))
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Leverantören ska köpa kaffet genom långsiktiga avtal med odlarna." in text
    assert "FT-KAF-001" not in text

    docx = download(page, page.get_by_role("link", name="Ladda ner som Word (DOCX)"))
    headings = [
        p.text for p in Document(io.BytesIO(docx)).paragraphs if p.style.name == "Heading 1"
    ]
    assert headings == ["FT-KAF-002 v1 – Långsiktiga handelsrelationer"]
    expect(page.get_by_text("Samordnare i nätverket kan spara kravpaket")).to_be_visible()


def test_a_coordinator_saves_a_package_and_updates_it_when_a_requirement_changes(
    page, check_page, live_server, coffee, network, coordinator, malmo, staff
):
    use_session_of(page, live_server.url, coordinator)
    # As the library's compare page links it: single requirements by ID.
    page.goto("/upphandling/kravpaket/?id=FT-KAF-001&id=FT-KAF-002")
    check_page()
    expect(page.get_by_role("heading", name="2 krav i paketet")).to_be_visible()
    page.get_by_label("Organisation").select_option(label="Malmö")
    page.get_by_label("Upphandlingens namn").fill("Kaffe till skolorna 2027")
    page.get_by_label("Upphandlingens datum").fill("2027-03-01")
    submit(page, check_page, page.get_by_role("button", name="Spara kravpaketet"))
    expect(page.locator(".messages")).to_contain_text("Kravpaketet är sparat.")
    expect(page.locator("h1")).to_have_text("Kaffe till skolorna 2027")
    documents = page.get_by_role("table", name="Dokument som skapats av kravpaketet")
    expect(documents.locator("tbody tr")).to_have_count(2)

    # Staff publish a new version of one of its requirements, through the service the admin's
    # change form calls (tests/procurement/test_requirements.py drives the form itself).
    requirement_publish_version(
        requirement=coffee[1],
        by=staff,
        text_sv="Leverantören ska köpa kaffet genom avtal om minst tre år med odlarna.",
        change_note_sv="Avtalen ska gälla i minst tre år.",
    )
    page.reload()
    check_page()
    outdated = page.get_by_role("region", name="1 krav har en nyare version")
    expect(outdated).to_contain_text("FT-KAF-002: version 1 i paketet, version 2 gäller")
    expect(outdated).to_contain_text("Avtalen ska gälla i minst tre år.")
    expect(outdated.locator("ins")).to_contain_text("minst tre år")
    submit(
        page, check_page, page.get_by_role("button", name="Uppdatera till de senaste versionerna")
    )
    expect(page.locator(".messages")).to_contain_text("1 krav har uppdaterats")
    expect(page.get_by_role("region", name="1 krav har en nyare version")).to_have_count(0)
    expect(page.get_by_role("heading", name="FT-KAF-002 v2 – Långsiktiga")).to_be_visible()
    expect(documents.locator("tbody tr")).to_have_count(4)
    expect(documents).to_contain_text("FT-KAF-001 v1, FT-KAF-002 v1")
    package = Package.objects.get()
    assert [item.version.number for item in package.items.order_by("position")] == [1, 2]
