"""Reads of the requirement library: the published requirements, one requirement and its
versions, and the word-level difference between two versions."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..models import Category, Reference, Requirement, RequirementVersion

# The fields of a version a reader compares, in the order the page shows them.
DIFF_FIELDS = ["title", "text", "evidence", "rationale"]
MAX_COMPARED = 3


def library_requirements() -> QuerySet[Requirement]:
    """Every requirement with a published version, with what a listing shows of it."""
    return (
        Requirement.objects.filter(current__isnull=False)
        .select_related("current")
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.order_by("number", "name_sv")),
            Prefetch("current__references", queryset=Reference.objects.all()),
        )
    )


def requirement_get(identifier: str) -> Requirement:
    requirement = (
        library_requirements().filter(identifier=identifier.upper()).first()
        if len(identifier) <= 16
        else None
    )
    if requirement is None:
        raise Http404
    return requirement


def requirement_versions(requirement: Requirement) -> list[RequirementVersion]:
    """The history, newest first."""
    return list(requirement.versions.order_by("-number"))


def requirement_version_get(requirement: Requirement, number: int) -> RequirementVersion:
    version = requirement.versions.prefetch_related("references").filter(number=number).first()
    if version is None:
        raise Http404
    return version


def requirements_by_identifier(identifiers: list[str]) -> dict[str, Requirement]:
    found = library_requirements().filter(identifier__in=identifiers)
    return {requirement.identifier: requirement for requirement in found}


# --- the difference between two versions ----------------------------------------------------------

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class FieldDiff:
    field: str
    changed: bool
    html: SafeString
    language: str


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words removed since ``old`` in <del> and those added in <ins>, each also
    announced in words (a screen reader does not say that text is struck through)."""
    removed_start = f'<del><span class="visually-hidden">[{html.escape(_("removed"))}: </span>'
    added_start = f'<ins><span class="visually-hidden">[{html.escape(_("added"))}: </span>'
    end_mark = '<span class="visually-hidden">]</span>'
    a, b = _tokens(old), _tokens(new)
    pieces: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(html.escape("".join(a[a1:a2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(f"{removed_start}{html.escape(''.join(a[a1:a2]))}{end_mark}</del>")
        if op in ("insert", "replace"):
            pieces.append(f"{added_start}{html.escape(''.join(b[b1:b2]))}{end_mark}</ins>")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def version_diff(
    old: RequirementVersion, new: RequirementVersion, language: str
) -> list[FieldDiff]:
    """Field by field, in ``language`` (Swedish where the English text is missing on either)."""
    diffs = []
    for field in DIFF_FIELDS:
        lang = (
            language
            if old.text_language(field, language) == new.text_language(field, language)
            else "sv"
        )
        before, after = getattr(old, f"{field}_{lang}"), getattr(new, f"{field}_{lang}")
        diffs.append(
            FieldDiff(
                field=field,
                changed=before != after,
                html=word_diff(before, after),
                language=lang,
            )
        )
    return diffs
