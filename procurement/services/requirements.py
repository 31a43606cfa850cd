"""Changes to the requirement library. A published version never changes: publishing is the
only way to change a requirement, and it adds a version with a note of what changed."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Category, Reference, Requirement, RequirementVersion

# The fields of a version that a new version may change (``references`` is many-to-many).
VERSION_FIELDS = [
    "level",
    "kind",
    "title_sv",
    "title_en",
    "text_sv",
    "text_en",
    "evidence_sv",
    "evidence_en",
    "rationale_sv",
    "rationale_en",
]


def version_changes(version: RequirementVersion | None, fields: dict) -> list[str]:
    """The names of the fields in ``fields`` that differ from ``version``."""
    if version is None:
        return list(fields)
    changed = [
        name
        for name in VERSION_FIELDS
        if name in fields and (fields[name] or "") != getattr(version, name)
    ]
    if "references" in fields:
        before = {reference.pk for reference in version.references.all()}
        if {reference.pk for reference in fields["references"]} != before:
            changed.append("references")
    return changed


@transaction.atomic
def requirement_publish_version(
    *,
    requirement: Requirement,
    by,
    change_note_sv: str,
    change_note_en: str = "",
    **fields,
) -> RequirementVersion:
    """Publish a new version of ``requirement``: the current version's fields with ``fields``
    changed (any of VERSION_FIELDS, and ``references``, an iterable of Reference). From version 2
    on, ``change_note_sv`` says what changed, and something must have changed.

    The requirement's row is locked while the number is taken, so two staff saving at once get
    versions n and n + 1, never the same number twice."""
    unknown = set(fields) - set(VERSION_FIELDS) - {"references"}
    if unknown:
        raise TypeError(f"Not a field of a requirement version: {', '.join(sorted(unknown))}")
    locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
    current = (
        RequirementVersion.objects.filter(pk=locked.current_id).first()
        if locked.current_id
        else None
    )
    number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    change_note_sv = (change_note_sv or "").strip()
    if number > 1:
        if not change_note_sv:
            raise ValidationError(
                {"change_note_sv": _("Say what changed: it is shown in the version history.")}
            )
        if current is not None and not version_changes(current, fields):
            raise ValidationError(_("Nothing changed, so no new version was published."))
    values = {name: getattr(current, name) for name in VERSION_FIELDS} if current else {}
    values.update({name: (fields[name] or "") for name in VERSION_FIELDS if name in fields})
    if "references" in fields:
        references = list(fields["references"])
    else:
        references = list(current.references.all()) if current else []
    version = RequirementVersion(
        requirement=locked,
        number=number,
        change_note_sv=change_note_sv,
        change_note_en=(change_note_en or "").strip(),
        published_by=by if getattr(by, "is_authenticated", False) else None,
        **values,
    )
    version.full_clean(exclude=["requirement", "published_by"])
    version.save()
    version.references.set(references)
    locked.current = version
    locked.save(update_fields=["current"])
    requirement.current = version
    requirement.current_id = version.pk
    locked.search_refresh()
    return version


@transaction.atomic
def requirement_create(
    *,
    identifier: str,
    categories: Iterable[Category],
    by,
    **fields,
) -> Requirement:
    """A new requirement with its first version published."""
    requirement = Requirement(identifier=identifier.strip().upper())
    requirement.full_clean(exclude=["current"])
    requirement.save()
    requirement.categories.set(list(categories))
    requirement_publish_version(requirement=requirement, by=by, change_note_sv="", **fields)
    requirement.refresh_from_db()
    return requirement


@transaction.atomic
def requirement_set_categories(*, requirement: Requirement, categories: Iterable[Category]) -> None:
    requirement.categories.set(list(categories))
    requirement.search_refresh()


def reference_by_code(codes: Iterable[str]) -> list[Reference]:
    return list(Reference.objects.filter(code__in=list(codes)))
