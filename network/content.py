"""Handbook text: Markdown in, sanitised HTML out, and loading the shipped chapters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from django.utils.safestring import mark_safe

CONTENT_DIR = Path(__file__).resolve().parent / "handbook_content"

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "blockquote",
    "a",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
}


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


@dataclass(frozen=True)
class RenderedChapter:
    html: str
    sections: list[Section]


def render_markdown(
    text: str, *, id_prefix: str = "", link_rel: str = "noopener noreferrer", images: bool = True
) -> RenderedChapter:
    """Markdown to HTML without scripts, styles or event handlers. The chapter's own title (a
    leading "# " line) is dropped: pages and the PDF print it themselves. Headings get ids
    (prefixed, so chapters can share one PDF) and level-2 headings are the sections.

    What members write for each other (discussion posts) passes ``link_rel="nofollow ugc"``
    (their links earn no search ranking) and ``images=False`` (no images loaded from
    elsewhere, which could tell a third party who read the page)."""
    text = re.sub(r"\A\s*# .*\n", "", text)
    md = markdown.Markdown(
        extensions=["toc", "sane_lists", "tables"],
        extension_configs={"toc": {"slugify": _slugify(id_prefix)}},
    )
    raw = md.convert(text)
    html = nh3.clean(
        raw,
        tags=ALLOWED_TAGS if images else ALLOWED_TAGS - {"img"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=link_rel,
    )
    # Markdown's headings start at "#"; within a chapter, sections are level 2 ("## ").
    sections = [
        Section(anchor=token["id"], title=token["name"])
        for token in md.toc_tokens
        if token["level"] == 2
    ] + [
        Section(anchor=child["id"], title=child["name"])
        for token in md.toc_tokens
        if token["level"] == 1
        for child in token["children"]
    ]
    # Sanitised above: safe to put in a page as it is.
    return RenderedChapter(html=mark_safe(html), sections=sections)  # noqa: S308


def _slugify(prefix: str):
    from markdown.extensions.toc import slugify_unicode

    def slugify(value: str, separator: str) -> str:
        return prefix + slugify_unicode(value, separator)

    return slugify


@dataclass(frozen=True)
class ShippedChapter:
    number: int
    slug: str
    title_sv: str
    body_sv: str
    title_en: str
    body_en: str


def _title(text: str) -> str:
    match = re.match(r"\s*# (.+)", text)
    return match.group(1).strip() if match else ""


def shipped_chapters() -> list[ShippedChapter]:
    """The chapters written for the portal, from handbook_content/{sv,en}/NN-slug.md."""
    english = {p.name[:2]: p.read_text(encoding="utf-8") for p in (CONTENT_DIR / "en").glob("*.md")}
    chapters = []
    for path in sorted((CONTENT_DIR / "sv").glob("*.md")):
        number = int(path.name[:2])
        swedish = path.read_text(encoding="utf-8")
        english_text = english.get(path.name[:2], "")
        chapters.append(
            ShippedChapter(
                number=number,
                slug=path.stem[3:],
                title_sv=_title(swedish),
                body_sv=swedish,
                title_en=_title(english_text),
                body_en=english_text,
            )
        )
    return chapters


def load_shipped_chapters(chapter_model) -> int:
    """Create the shipped chapters if there are none yet (the data migration and tests use it;
    ``chapter_model`` may be the historical model of a migration)."""
    if chapter_model.objects.exists():
        return 0
    chapters = shipped_chapters()
    chapter_model.objects.bulk_create(
        chapter_model(
            number=c.number,
            slug=c.slug,
            title_sv=c.title_sv,
            body_sv=c.body_sv,
            title_en=c.title_en,
            body_en=c.body_en,
        )
        for c in chapters
    )
    return len(chapters)
