"""Text kept in Swedish and English, shown in the reader's language: English falls back to
Swedish, and the fallback is marked lang="sv" so that a screen reader reads it as Swedish."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..models._text import text_language

register = template.Library()


@register.simple_tag
def lt(obj, field: str, element: str = "span", block: bool = False):
    """``obj.<field>_en`` or ``obj.<field>_sv`` in ``element``, with lang="sv" on a fallback.
    ``block``: the text's paragraphs as <p> (plain text with blank lines)."""
    language = text_language(obj, field)
    text = getattr(obj, f"{field}_{language}", "")
    reader = (get_language() or "sv")[:2]
    lang = format_html(' lang="{}"', language) if language != reader else ""
    body = mark_safe(linebreaks(text, autoescape=True)) if block else text  # noqa: S308
    return format_html("<{}{}>{}</{}>", mark_safe(element), lang, body, mark_safe(element))  # noqa: S308


@register.simple_tag
def lang_of(obj, field: str) -> str:
    """' lang="sv"' when ``field`` is shown in Swedish to an English reader, else ''."""
    language = text_language(obj, field)
    reader = (get_language() or "sv")[:2]
    return format_html(' lang="{}"', language) if language != reader else ""


@register.filter
def without(values, value):
    """The list of ``values`` without ``value``."""
    return [v for v in values if v != value]
