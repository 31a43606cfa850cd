"""The one normalisation of text for searching, shared by every app.

Swedish names carry accents that people leave out when they type (``goteborg`` for Göteborg,
``MALMO`` for Malmö). Searching compares normalised text with normalised text, computed in
Python, so it behaves the same on PostgreSQL and SQLite without extensions (``unaccent``) or
collations the quick start does not have.
"""

from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """Lower case without accents, single-spaced: NFKD splits "ö" into "o" and a combining
    diaeresis, which is dropped; casefold() lowers case (also "ß" → "ss"). å, ä, ö → a, a, o."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
