"""Swedish first, English optional: the one rule for text kept in two languages."""

from __future__ import annotations

from django.utils.translation import get_language


def text_language(obj, field: str, language: str | None = None) -> str:
    """The language ``field`` is shown in: English only where the English text exists."""
    language = (language or get_language() or "sv")[:2]
    if language == "en" and getattr(obj, f"{field}_en", ""):
        return "en"
    return "sv"


def text_in(obj, field: str, language: str | None = None) -> str:
    return getattr(obj, f"{field}_{text_language(obj, field, language)}")
