"""A member finds a resource by a part of a Swedish compound word and downloads its file."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from network.models import Resource
from network.services import resource_share

from .helpers import follow, submit
from .test_diploma_journey import use_session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_member_finds_a_resource_by_part_of_a_compound_word_and_downloads_it(
    page, check_page, live_server, network, member, coordinator, malmo
):
    content = docx_bytes("Så byter kommunen alla kaffeautomater till rättvisemärkt kaffe.")
    resource_share(
        by=coordinator,
        data={
            "title": "Upphandlingskrav för kaffeautomater",
            "description": "Malmös krav i avtalet om kaffeautomater.",
            "category": Resource.Category.DECISION_TEMPLATE,
            "organisation": malmo,
            "tags": "upphandling, kaffe",
            "language": "sv",
        },
        upload=ContentFile(content, name="krav-kaffeautomater.docx"),
    )
    resource_share(
        by=coordinator,
        data={
            "title": "Broschyr om bananer",
            "category": Resource.Category.INFORMATION,
            "organisation": malmo,
            "link": "https://example.org/bananer",
        },
    )
    use_session_of(page, live_server.url, member)
    page.goto(f"{live_server.url}/resurser/")
    check_page()
    expect(page.locator("h1")).to_have_text("Resurser")

    # "automat" is only a part of "kaffeautomater": the stemmed search alone would not find it.
    page.get_by_role("textbox", name="Sök").fill("automat")
    submit(page, check_page, page.get_by_role("button", name="Visa"))
    results = page.locator(".resource-list > li")
    expect(results).to_have_count(1)
    expect(results.first.locator("mark").first).to_have_text("automat")
    expect(page.get_by_text("Broschyr om bananer")).to_have_count(0)

    follow(page, check_page, results.first.locator("h2 a"))
    expect(page.locator("h1")).to_have_text("Upphandlingskrav för kaffeautomater")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner krav-kaffeautomater.docx").click()
    download = download_info.value
    assert download.suggested_filename == "krav-kaffeautomater.docx"
    assert Path(download.path()).read_bytes() == content

    # The share form is one click away, and sound.
    page.goto(f"{live_server.url}/resurser/dela/")
    check_page()
    expect(page.locator("h1")).to_have_text("Dela en resurs")
