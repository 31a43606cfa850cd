"""A requirement package as documents: PDF (the handbook's WeasyPrint pipeline, PDF/UA-1
tagged), Word (python-docx) and plain text. Each renders a list of requirement versions in one
language, so the builder (not saved, anyone) and a saved package (its pinned versions) share it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Level, RequirementKind, RequirementVersion


@dataclass
class Entry:
    """One requirement as a document shows it, in the document's language where that text
    exists (Swedish otherwise, marked by ``language``)."""

    identifier: str
    number: int
    level: str
    kind: str
    title: str
    text: str
    evidence: str
    rationale: str
    references: list[str]
    language: str

    @property
    def heading(self) -> str:
        return f"{self.identifier} v{self.number} – {self.title}"

    @property
    def anchor(self) -> str:
        return self.identifier.lower()


@dataclass
class Content:
    title: str
    language: str
    entries: list[Entry]
    organisation: str = ""
    procurement_date: dt.date | None = None
    made_on: dt.date = field(default_factory=timezone.localdate)

    @property
    def filename_stem(self) -> str:
        return f"kravpaket-{slugify(self.title)[:60] or 'krav'}"

    @property
    def versions(self) -> str:
        return ", ".join(f"{e.identifier} v{e.number}" for e in self.entries)


def content_for(
    versions: list[RequirementVersion],
    *,
    language: str,
    title: str = "",
    organisation: str = "",
    procurement_date: dt.date | None = None,
) -> Content:
    """Needs each version's ``requirement`` and ``references`` loaded (the selectors do)."""
    with translation.override(language):
        entries = [
            Entry(
                identifier=v.requirement.identifier,
                number=v.number,
                level=str(Level(v.level).label),
                kind=str(RequirementKind(v.kind).label),
                title=v.text_in("title", language),
                text=v.text_in("text", language),
                evidence=v.text_in("evidence", language),
                rationale=v.text_in("rationale", language),
                references=[r.text_in("title", language) for r in v.references.all()],
                language=v.text_language("text", language),
            )
            for v in versions
        ]
        return Content(
            title=title or _("Requirement package"),
            language=language,
            entries=entries,
            organisation=organisation,
            procurement_date=procurement_date,
        )


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def render_html(content: Content) -> str:
    with translation.override(content.language):
        return render_to_string(
            "pdf/package.html",
            {
                "content": content,
                "language": content.language,
                "fonts": {
                    "regular": Path(finders.find("fonts/DejaVuSans.ttf")).as_uri(),
                    "bold": Path(finders.find("fonts/DejaVuSans-Bold.ttf")).as_uri(),
                    "italic": Path(finders.find("fonts/DejaVuSans-Oblique.ttf")).as_uri(),
                },
                "logo": Path(finders.find("img/logo.svg")).as_uri(),
            },
        )


def render_pdf(content: Content) -> bytes:
    from weasyprint import HTML

    document = HTML(string=render_html(content), base_url=str(settings.BASE_DIR)).render(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    buffer = io.BytesIO()
    # PDF/UA-1: tagged, with the document's language and title, for screen readers.
    document.write_pdf(buffer, pdf_variant="pdf/ua-1", pdf_tags=True)
    return buffer.getvalue()


def render_docx(content: Content) -> bytes:
    """Word with the built-in heading styles, so Word's navigation pane lists every
    requirement by its ID and version; the facts of each requirement as a two-column table."""
    from docx import Document

    with translation.override(content.language):
        document = Document()
        properties = document.core_properties
        properties.title = content.title
        properties.language = content.language
        properties.author = content.organisation or "Fairtrade City"
        properties.subject = _("Requirement package")
        document.add_heading(content.title, level=0)
        for line in _front_lines(content):
            document.add_paragraph(line)
        for entry in content.entries:
            document.add_heading(entry.heading, level=1)
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in (
                (_("ID"), entry.identifier),
                (_("Version"), str(entry.number)),
                (_("Level"), entry.level),
                (_("Kind"), entry.kind),
            ):
                cells = table.add_row().cells
                cells[0].text = label
                cells[1].text = value
            for label, text in (
                (_("Requirement text"), entry.text),
                (_("How to verify"), entry.evidence),
                (_("Rationale"), entry.rationale),
            ):
                document.add_heading(label, level=2)
                for paragraph in text.split("\n\n"):
                    if paragraph.strip():
                        document.add_paragraph(paragraph.strip())
            if entry.references:
                document.add_heading(_("References"), level=2)
                for reference in entry.references:
                    document.add_paragraph(reference, style="List Bullet")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _front_lines(content: Content) -> list[str]:
    lines = []
    if content.organisation:
        lines.append(f"{_('Organisation')}: {content.organisation}")
    if content.procurement_date:
        lines.append(f"{_('Date of the procurement')}: {_date(content.procurement_date)}")
    lines.append(
        _("Made on %(date)s in the Fairtrade City Portal from requirements %(versions)s.")
        % {"date": _date(content.made_on), "versions": content.versions}
    )
    return lines


def render_text(content: Content) -> str:
    """Plain text to paste into tender papers: every requirement with its facts, no markup."""
    with translation.override(content.language):
        lines = [content.title, "=" * len(content.title), ""]
        lines += _front_lines(content)
        for entry in content.entries:
            lines += ["", "", entry.heading, "-" * len(entry.heading)]
            lines.append(
                f"{_('ID')}: {entry.identifier} · {_('Version')}: {entry.number} · "
                f"{_('Level')}: {entry.level} · {_('Kind')}: {entry.kind}"
            )
            for label, text in (
                (_("Requirement text"), entry.text),
                (_("How to verify"), entry.evidence),
                (_("Rationale"), entry.rationale),
            ):
                lines += ["", f"{label}:", text.strip()]
            if entry.references:
                lines += ["", f"{_('References')}:"]
                lines += [f"- {reference}" for reference in entry.references]
        return "\n".join(lines).strip() + "\n"


RENDERERS = {"pdf": render_pdf, "docx": render_docx, "txt": render_text}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}
