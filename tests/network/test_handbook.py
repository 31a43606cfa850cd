"""The handbook: web pages in both languages, the PDF rendered once per change, orders."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from network import services
from network.content import load_shipped_chapters, render_markdown, shipped_chapters
from network.models import HandbookChapter, HandbookRender, PrintOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def chapters(db):
    """The shipped chapters, as the data migration loads them (a flush may have removed them)."""
    load_shipped_chapters(HandbookChapter)
    return list(HandbookChapter.objects.order_by("number"))


def test_the_handbook_ships_ten_swedish_chapters_and_english_translations():
    shipped = shipped_chapters()
    assert [c.number for c in shipped] == list(range(1, 11))
    assert all(c.title_sv and c.body_sv for c in shipped)
    assert sum(1 for c in shipped if c.body_en) >= 4
    assert shipped[0].slug == "vad-ar-fairtrade-city"


def test_the_handbook_index_and_a_chapter_in_swedish(client, chapters):
    html = client.get(reverse("network:handbook")).content.decode()
    assert "Handbok för Fairtrade City och Fairtrade Region" in html
    for chapter in chapters:
        assert chapter.title_sv in html
    page = client.get(reverse("network:chapter", kwargs={"slug": chapters[0].slug}))
    text = page.content.decode()
    assert f"1. {chapters[0].title_sv}" in text
    assert 'rel="next"' in text and 'rel="prev"' not in text


def test_english_readers_get_the_translation_or_swedish_marked_as_such(client, chapters):
    first = chapters[0]
    url = "/en" + reverse("network:chapter", kwargs={"slug": first.slug})
    assert first.title_en in client.get(url).content.decode()
    HandbookChapter.objects.filter(pk=first.pk).update(body_en="", title_en="")
    text = client.get(url).content.decode()
    assert '<article class="handbook-chapter" lang="sv">' in text
    assert "has not been translated yet" in text


def test_markdown_is_sanitised():
    rendered = render_markdown(
        "# T\n\n## Del\n\nText <script>alert(1)</script> [x](javascript:alert(1)) "
        '<img src="x" onerror="alert(1)">'
    )
    assert "<script" not in rendered.html
    assert "javascript:" not in rendered.html
    assert "onerror" not in rendered.html
    assert [s.title for s in rendered.sections] == ["Del"]


def test_the_pdf_has_a_cover_contents_with_page_numbers_and_every_chapter(chapters):
    render = services.handbook_render(language="sv")
    assert render.status == HandbookRender.Status.READY
    reader = PdfReader(io.BytesIO(render.file.read()))
    # Lines broken by the layout read as one line of words.
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) == render.pages >= 20
    assert "Handbok för Fairtrade City och Fairtrade Region" in pages[0]
    assert "Innehåll" in pages[1]
    for chapter in chapters:
        assert chapter.title_sv in "".join(pages[1:3])  # in the table of contents
    assert f"Sida 3 av {len(pages)}" in pages[2]  # "page N of M"
    last = chapters[-1]
    assert any(f"{last.number}. {last.title_sv}" in page for page in pages[3:])
    # Tagged for accessibility, in Swedish, with a title.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "sv"
    assert reader.metadata.title == "Handbok för Fairtrade City och Fairtrade Region"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages[:3]
        for font in page["/Resources"]["/Font"].values()
    }
    # Only the portal's own fonts (static/fonts, declared as "Portal Sans"), embedded as subsets.
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+Portal-Sans(-Bold|-Italic)?", f) for f in fonts)


def test_the_pdf_is_rendered_again_only_when_the_content_changes(chapters):
    first = services.handbook_render(language="sv")
    assert services.handbook_render(language="sv") is None  # unchanged: nothing to do
    chapter = chapters[2]
    chapter.body_sv += "\n\n## Ett nytt avsnitt\n\nMer text.\n"
    chapter.save()
    second = services.handbook_render(language="sv")
    assert second.status == HandbookRender.Status.READY
    assert second.file.name != first.file.name
    assert services.current_pdf("sv") == second
    assert "Ett nytt avsnitt" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(second.file.read())).pages
    )


def test_a_failed_render_keeps_the_previous_pdf_and_records_the_error(chapters, monkeypatch):
    good = services.handbook_render(language="sv")
    HandbookChapter.objects.filter(pk=chapters[0].pk).update(body_sv="# X\n\nÄndrad text.")

    def broken(*args, **kwargs):
        raise RuntimeError("the layout engine ran out of paper")

    monkeypatch.setattr("weasyprint.HTML.render", broken)
    failed = services.handbook_render(language="sv")

    assert failed.status == HandbookRender.Status.FAILED
    assert "ran out of paper" in failed.error
    assert services.current_pdf("sv") == good


def test_the_download_is_served_from_storage(client, chapters):
    services.handbook_render(language="sv")
    response = client.get(reverse("network:handbook_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert HandbookRender.objects.count() == 1  # downloading did not render again


def test_saving_a_chapter_in_the_admin_renders_the_handbook_again(client, staff, chapters):
    client.force_login(staff)
    chapter = chapters[0]
    url = reverse("admin:network_handbookchapter_change", args=[chapter.pk])
    data = {
        "number": chapter.number,
        "slug": chapter.slug,
        "title_sv": chapter.title_sv,
        "title_en": chapter.title_en,
        "body_sv": chapter.body_sv + "\n\nNy mening.",
        "body_en": chapter.body_en,
        "published": "on",
    }
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert set(
        HandbookRender.objects.filter(status="ready").values_list("language", flat=True)
    ) == {"sv", "en"}
    admin_list = client.get(reverse("admin:network_handbookrender_changelist")).content.decode()
    assert "Klar" in admin_list or "Ready" in admin_list


def test_ordering_printed_copies(client, django_capture_on_commit_callbacks):
    data = {
        "organisation": "Lunds kommun",
        "quantity": "25",
        "contact_name": "Lisa Lund",
        "email": "lisa@lund.example",
        "phone": "",
        "street": "Stortorget 1",
        "postal_code": "22223",
        "city": "Lund",
        "message": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:order"), data, follow=True)
    assert response.status_code == 200
    order = PrintOrder.objects.get()
    assert (order.quantity, order.postal_code, order.language) == (25, "222 23", "sv")
    (message,) = mail.outbox
    assert message.to == ["lisa@lund.example"]
    assert "25" in message.body and "222 23 Lund" in message.body


@pytest.mark.parametrize(
    ("field", "value"),
    [("quantity", "0"), ("quantity", "5000"), ("postal_code", "2222"), ("email", "lisa")],
)
def test_a_bad_order_changes_nothing(client, field, value):
    data = {
        "organisation": "Lunds kommun",
        "quantity": "25",
        "contact_name": "Lisa Lund",
        "email": "lisa@lund.example",
        "street": "Stortorget 1",
        "postal_code": "22223",
        "city": "Lund",
        field: value,
    }
    response = client.post(reverse("network:order"), data)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not PrintOrder.objects.exists()
    assert mail.outbox == []


def test_the_order_form_asks_for_at_least_one_copy(client):
    html = client.get(reverse("network:order")).content.decode()
    assert 'min="1"' in html and 'max="200"' in html
    response = client.post(reverse("network:order"), {"quantity": "-1"})
    assert "Kontrollera att detta värde är större än eller lika med 1." in response.content.decode()
