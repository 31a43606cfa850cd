"""Rendering the handbook to PDF, and taking orders for printed copies."""

from __future__ import annotations

import hashlib
import io
import logging
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fairtrade_portal import emails
from fairtrade_portal.validators import validate_sendable_email

from ..content import render_markdown
from ..models import HandbookChapter, HandbookRender, PrintOrder

logger = logging.getLogger(__name__)

# Bump when the PDF layout changes, so the next render is not skipped as "unchanged".
LAYOUT_VERSION = "1"


def handbook_chapters(language: str) -> list[dict]:
    chapters = []
    for chapter in HandbookChapter.objects.filter(published=True).order_by("number"):
        text_language = chapter.text_language(language)
        rendered = render_markdown(chapter.body_in(text_language), id_prefix=f"k{chapter.number}-")
        chapters.append(
            {
                "chapter": chapter,
                "number": chapter.number,
                "anchor": f"kapitel-{chapter.number}",
                "title": chapter.title_in(text_language),
                "language": text_language,
                "html": rendered.html,
                "sections": rendered.sections,
            }
        )
    return chapters


def handbook_html(language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "pdf/handbook.html",
            {
                "chapters": handbook_chapters(language),
                "language": language,
                "fonts": {
                    "regular": Path(finders.find("fonts/DejaVuSans.ttf")).as_uri(),
                    "bold": Path(finders.find("fonts/DejaVuSans-Bold.ttf")).as_uri(),
                    "italic": Path(finders.find("fonts/DejaVuSans-Oblique.ttf")).as_uri(),
                },
                "logo": Path(finders.find("img/logo.svg")).as_uri(),
                "today": timezone.localdate(),
            },
        )


def content_hash(html: str) -> str:
    return hashlib.sha256((LAYOUT_VERSION + html).encode()).hexdigest()


def current_pdf(language: str) -> HandbookRender | None:
    return (
        HandbookRender.objects.filter(language=language, status=HandbookRender.Status.READY)
        .order_by("-finished_at", "-id")
        .first()
    )


def _progress(render: HandbookRender, text: str, status: str | None = None) -> None:
    fields = {"progress": text}
    if status:
        fields["status"] = status
    HandbookRender.objects.filter(pk=render.pk).update(**fields)


class _ProgressHandler(logging.Handler):
    """Copies WeasyPrint's progress ("Step 5 - Creating layout - Page 12") to the render's row
    at most once a second, so staff watching the admin see how far it has come."""

    def __init__(self, render: HandbookRender) -> None:
        super().__init__(level=logging.INFO)
        self.render = render
        self.last = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        now = time.monotonic()
        if now - self.last >= 1:
            self.last = now
            _progress(self.render, record.getMessage()[:200])


def handbook_render(*, language: str, force: bool = False) -> HandbookRender | None:
    """Render the handbook to PDF in ``language`` unless the current file already shows this
    content. Safe to run twice: the second run finds the same fingerprint and does nothing.
    A failure leaves the previous PDF in place and is recorded with its error."""
    from weasyprint import HTML

    html = handbook_html(language)
    fingerprint = content_hash(html)
    current = current_pdf(language)
    if current and current.content_hash == fingerprint and not force:
        return None
    render = HandbookRender.objects.create(
        language=language, content_hash=fingerprint, status=HandbookRender.Status.RENDERING
    )
    progress_logger = logging.getLogger("weasyprint.progress")
    handler = _ProgressHandler(render)
    progress_logger.addHandler(handler)
    previous_level = progress_logger.level
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    try:
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            pdf_variant="pdf/ua-1", pdf_tags=True
        )
        buffer = io.BytesIO()
        # PDF/UA-1: tagged, with the document's language and title, for screen readers.
        document.write_pdf(buffer, pdf_variant="pdf/ua-1", pdf_tags=True)
        _progress(render, _("Storing the file"))
        name = f"handbok-{language}-{fingerprint[:12]}.pdf"
        render.file.save(name, ContentFile(buffer.getvalue()), save=False)
        HandbookRender.objects.filter(pk=render.pk).update(
            file=render.file.name,
            status=HandbookRender.Status.READY,
            progress="",
            pages=len(document.pages),
            size=buffer.tell(),
            finished_at=timezone.now(),
        )
    except Exception as error:
        logger.exception("rendering the handbook (%s) failed", language)
        HandbookRender.objects.filter(pk=render.pk).update(
            status=HandbookRender.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:4000],
            finished_at=timezone.now(),
        )
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(previous_level)
        progress_logger.propagate = True
    render.refresh_from_db()
    return render


def handbook_changed() -> None:
    """Queue a new rendering in every language once the change is committed, and show the
    change on the public handbook pages at once (a new data version for the page cache)."""
    from fairtrade_portal import page_cache

    from ..tasks import render_handbook

    page_cache.data_changed()

    for language, _name in settings.LANGUAGES:
        render_handbook.delay_on_commit(language)


@transaction.atomic
def print_order_place(*, data: dict, language: str) -> PrintOrder:
    validate_sendable_email(data["email"])  # before the order is stored: it is confirmed by mail
    order = PrintOrder.objects.create(**data, language=language)
    emails.send_on_commit(
        "print-order-confirmation", [order.email], {"order": order}, language=language
    )
    return order
