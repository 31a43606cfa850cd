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


# --- Full-text search in Swedish -----------------------------------------------------------------
#
# One building block for every searchable thing of the portal (resources, requirements, …). A
# model inherits :class:`Searchable`, says what its text is in :meth:`Searchable.search_document`
# (four parts, weighted A > B > C > D: title > tags > description > body), and calls
# :meth:`Searchable.search_refresh` after it (and its tags) are saved. It gets two columns:
#
# ``search_vector`` – the stemmed Swedish ``tsvector`` (PostgreSQL's ``swedish`` configuration),
#     so that "kaffet" finds "kaffe" and "avtalen" finds "avtal"; ranked by weight.
# ``search_text`` – the whole text normalised as above (lower case, no accents), searched as a
#     substring through a trigram (``pg_trgm``) GIN index.
#
# Why both: Swedish writes compound words, and a stemmer keeps "upphandlingskrav" one lexeme,
# so the stemmed search alone never finds it for "krav"; a prefix query ("kaffe:*") finds
# "kaffeautomater" but still not "upphandlingskrav". A substring match over normalised text finds
# the part of a compound wherever it stands, and ignores accents ("Goteborg" finds "Göteborg");
# the trigram index makes it fast for any term of three letters or more. The stemmer adds what a
# substring cannot: inflected forms whose stem is shorter than the word typed.
#
# On SQLite (the quick start) there is no tsvector: the substring search stands in alone.

import html  # noqa: E402
import re  # noqa: E402
from typing import NamedTuple  # noqa: E402

from django.contrib.postgres.indexes import GinIndex  # noqa: E402
from django.contrib.postgres.operations import TrigramExtension  # noqa: E402
from django.contrib.postgres.search import (  # noqa: E402
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.db.models import F, Q, QuerySet, Value  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.utils.safestring import SafeString, mark_safe  # noqa: E402

SEARCH_CONFIG = "swedish"
# The shortest term the trigram index can serve; shorter terms only match whole stemmed words.
MIN_SUBSTRING = 3
# Query terms beyond this are ignored: a pasted paragraph is not a search.
MAX_TERMS = 8
# A list ranks and counts at most this many matches (see ranked_ids()).
RANK_CAP = 500
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchDocument(NamedTuple):
    """The text of one searchable thing, by weight: a is worth most."""

    a: str  # the title
    b: str = ""  # tags, keywords, identifiers
    c: str = ""  # the description or summary
    d: str = ""  # the body: the text of an attached file, say


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL, and nothing on SQLite (which has no GIN and no tsvector; the
    quick start searches a few hundred rows without an index)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().remove_sql(model, schema_editor, **kwargs)


class SearchExtension(TrigramExtension):
    """``pg_trgm`` for the trigram index, created by every migration that adds a Searchable
    model (before its indexes; creating it twice is a no-op). Django's operation does nothing on
    SQLite forwards; this one is also never undone: several apps' indexes share the extension,
    and dropping it while one of them stands fails (unapplying one app's migration would)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def search_indexes(prefix: str) -> list[GinIndex]:
    """The two indexes every Searchable model declares in its Meta.indexes (``prefix`` short:
    index names have at most 30 characters). The migration that adds them runs
    :class:`SearchExtension` first."""
    return [
        PostgresGinIndex(fields=["search_vector"], name=f"{prefix}_fts"),
        PostgresGinIndex(fields=["search_text"], name=f"{prefix}_trgm", opclasses=["gin_trgm_ops"]),
    ]


class Searchable(models.Model):
    search_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True

    def search_document(self) -> SearchDocument:
        raise NotImplementedError

    def search_refresh(self) -> None:
        """Store this object's search columns from :meth:`search_document`. Call it after the
        object and its many-to-many relations are saved."""
        document = self.search_document()
        values: dict = {"search_text": normalise(" \n ".join(document))}
        if connection.vendor == "postgresql":
            values["search_vector"] = _vector(document)
        type(self)._base_manager.filter(pk=self.pk).update(**values)
        self.search_text = values["search_text"]


def _vector(document: SearchDocument) -> SearchVector:
    vector = None
    for weight, text in zip("ABCD", document, strict=True):
        part = SearchVector(
            Value(text or "", output_field=models.TextField()), weight=weight, config=SEARCH_CONFIG
        )
        vector = part if vector is None else vector + part
    return vector


def search_terms(query: str) -> list[str]:
    """The normalised words of a query, in order, without repeats; at most MAX_TERMS."""
    terms: list[str] = []
    for word in _WORD.findall(normalise(query)):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """The rows of ``queryset`` that match every word of ``query``. A word matches as a part of
    any word of the text (accents and case ignored), or, on PostgreSQL, as an inflected form
    through the Swedish stemmer. An empty query matches nothing."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    postgres = connection.vendor == "postgresql"
    condition = Q()
    for term in terms:
        if not postgres:
            condition &= Q(search_text__contains=term)
            continue
        term_matches = Q(search_vector=SearchQuery(term, config=SEARCH_CONFIG))
        if len(term) >= MIN_SUBSTRING:
            # LIKE '%term%' on normalised text, served by the trigram index.
            term_matches |= Q(search_text__contains=term)
        condition &= term_matches
    return queryset.filter(condition)


def ranked(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` (already :func:`matching`) best first, annotated with ``search_rank``.
    For a list that may be long, use :func:`ranked_ids` and :class:`RankedPaginator`."""
    terms = search_terms(query)
    if connection.vendor != "postgresql":
        return queryset.annotate(search_rank=Value(0.0, output_field=models.FloatField()))
    stemmed = SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="plain")
    prefixed = SearchQuery(
        " | ".join(f"{term}:*" for term in terms), config=SEARCH_CONFIG, search_type="raw"
    )
    # The stemmed match ranks first by weight; a prefix or compound match still ranks above 0
    # so that a title "Kaffeautomater" comes before a body that mentions one.
    rank = Coalesce(SearchRank(F("search_vector"), stemmed), 0.0) + 0.5 * Coalesce(
        SearchRank(F("search_vector"), prefixed), 0.0
    )
    return queryset.annotate(search_rank=rank).order_by("-search_rank", "pk")


def ranked_ids(queryset: QuerySet, query: str, *, cap: int = RANK_CAP) -> list:
    """The primary keys of the first ``cap + 1`` rows of ``queryset`` (already
    :func:`matching`) that the database finds, best first: one query, which finds the
    candidates once and reads only their search vectors to rank them. A list pages through
    these with :class:`RankedPaginator`, which fetches the rows of one page by key.

    Why a cap: ranking reads every candidate's tsvector and counting reads every matching row;
    for a word that a third of a large library contains (tens of thousands of rows) that is
    what makes a search slow, while nobody reads past the first pages. So a list says "more
    than ``cap``", shows the best of the first ``cap`` found and asks for another word or a
    filter; a search with fewer matches – nearly every real one – is ranked and counted in
    full."""
    return list(ranked_ids_query(queryset, query, cap=cap))


def ranked_ids_query(queryset: QuerySet, query: str, *, cap: int = RANK_CAP) -> QuerySet:
    """The one query of :func:`ranked_ids`, not yet run (the bench explains it)."""
    first = queryset.order_by().values("pk")[: cap + 1]
    # The candidates already passed every filter: ranking them needs no second check.
    candidates = queryset.model._base_manager.filter(pk__in=first)
    return ranked(candidates, query).values_list("pk", flat=True)


class RankedPaginator(Paginator):
    """Pages through :func:`ranked_ids` (at most ``cap`` of them); ``fetch(ids)`` returns the
    rows of one page (with what the list shows of them), put back in ranked order here. With
    more matches than ``cap``, ``more_than_cap`` is true."""

    def __init__(self, ids: list, per_page: int, *, fetch, cap: int = RANK_CAP, **kwargs):
        super().__init__(ids[:cap], per_page, **kwargs)
        self.fetch = fetch
        self.more_than_cap = len(ids) > cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.object_list[bottom : bottom + self.per_page]
        rows = {row.pk: row for row in self.fetch(ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The rows of ``queryset`` that match every word of ``query``, best first, annotated with
    ``search_rank`` (:func:`matching`, then :func:`ranked`)."""
    return ranked(matching(queryset, query), query)


def highlight(text: str, query: str, *, length: int = 240) -> SafeString:
    """A snippet of ``text`` around the first match of the query, escaped, with every match
    (accent- and case-insensitive, also inside compound words) in ``<mark>``. Done here rather
    than with ``ts_headline``, which marks only whole stemmed words and so would leave
    "Upphandlingskrav" unmarked for "krav"."""
    text = text or ""
    terms = [term for term in search_terms(query) if term]
    # Normalise character by character, so that a position in the normalised text maps back.
    folded_chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = normalise(char) if not char.isspace() else " "
        for piece in folded or "":
            folded_chars.append(piece)
            origin.append(index)
    folded_text = "".join(folded_chars)
    spans: list[tuple[int, int]] = []
    for term in terms:
        for match in re.finditer(re.escape(term), folded_text):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    window_start = 0
    if merged and merged[0][0] > length // 3:
        window_start = text.rfind(" ", 0, merged[0][0] - length // 3) + 1
    window_end = min(len(text), window_start + length)
    if window_end < len(text):
        space = text.rfind(" ", window_start, window_end)
        window_end = space if space > window_start else window_end
    pieces = ["… " if window_start else ""]
    position = window_start
    for start, end in merged:
        if end <= window_start or start >= window_end:
            continue
        start, end = max(start, window_start), min(end, window_end)
        pieces.append(html.escape(text[position:start]))
        pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    pieces.append(html.escape(text[position:window_end]))
    if window_end < len(text):
        pieces.append(" …")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above
