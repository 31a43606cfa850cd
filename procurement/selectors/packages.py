"""Reads for the requirement builder and the saved requirement packages.

A saved package belongs to an organisation: ``package_for`` answers 404 to anyone outside it
(through ``diplomas.selectors.organisation_for``), so another organisation's package number
reveals nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from diplomas.models import Membership, Organisation
from diplomas.selectors import NETWORK_STATUSES, organisation_for

from ..models import Category, Package, PackageItem, Requirement, RequirementVersion

# A tender with more requirements than this is not one anybody reads; it also bounds the work
# one anonymous request may ask of WeasyPrint.
MAX_REQUIREMENTS = 200


def _with_current(queryset: QuerySet[Requirement]) -> QuerySet[Requirement]:
    return (
        queryset.filter(current__isnull=False)
        .select_related("current")
        .prefetch_related("current__references")
    )


def requirements_chosen(
    *,
    categories: list[Category] | None = None,
    levels: list[str] | None = None,
    identifiers: list[str] | None = None,
) -> list[Requirement]:
    """The requirements of the chosen categories whose current version has one of the chosen
    levels (no level chosen: every level), plus the single requirements named by ID, in ID
    order. No category and no ID: nothing."""
    query = Q(pk__in=[])
    if categories:
        by_category = Q(categories__in=categories)
        if levels:
            by_category &= Q(current__level__in=levels)
        query |= by_category
    if identifiers:
        query |= Q(identifier__in=identifiers)
    requirements = list(
        _with_current(Requirement.objects.filter(query)).distinct().order_by("identifier")
    )
    for requirement in requirements:
        requirement.current.requirement = requirement  # the documents read the ID from it
    return requirements


def identifiers_unknown(identifiers: list[str]) -> list[str]:
    known = set(
        Requirement.objects.filter(identifier__in=identifiers, current__isnull=False).values_list(
            "identifier", flat=True
        )
    )
    return [identifier for identifier in identifiers if identifier not in known]


def builder_categories() -> QuerySet[Category]:
    return Category.objects.filter(published=True).order_by("number", "name_sv")


def organisations_to_save_for(user) -> QuerySet[Organisation]:
    """Where this user may save a package: the network organisations they coordinate."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role=Membership.Role.COORDINATOR,
            diploma__status__in=NETWORK_STATUSES,
        )
        .distinct()
        .order_by("name")
    )


def organisations_with_packages_of(user) -> QuerySet[Organisation]:
    """The organisations whose saved packages this user reads (any role)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def packages_of(organisation: Organisation) -> list[Package]:
    """The organisation's packages, newest first, each with how many requirements it holds and
    how many of them have a newer version than the one the package pinned."""
    return list(
        Package.objects.filter(organisation=organisation)
        .select_related("created_by")
        .annotate(
            item_count=Count("items", distinct=True),
            outdated_count=Count(
                "items",
                filter=~Q(items__version_id=F("items__requirement__current_id")),
                distinct=True,
            ),
        )
        .order_by("-updated_at", "-id")
    )


def package_for(
    user, slug: str, pk: int, *, coordinator: bool = False
) -> tuple[Package, Membership | None]:
    organisation, membership = organisation_for(user, slug, coordinator=coordinator)
    package = get_object_or_404(
        Package.objects.select_related("created_by"), pk=pk, organisation=organisation
    )
    package.organisation = organisation
    return package, membership


def package_items(package: Package) -> list[PackageItem]:
    items = list(
        package.items.select_related("requirement__current", "version")
        .prefetch_related("version__references")
        .order_by("position", "requirement__identifier")
    )
    for item in items:
        item.version.requirement = item.requirement
    return items


def package_versions(package: Package) -> list[RequirementVersion]:
    """The pinned versions, in the package's order: what its documents show."""
    return [item.version for item in package_items(package)]


def package_documents(package: Package):
    return list(package.documents.order_by("-created_at", "-id"))


@dataclass
class Note:
    version: RequirementVersion
    text: str
    language: str


@dataclass
class Change:
    """What changed in one requirement between the version a package pinned and the current."""

    item: PackageItem
    notes: list[Note] = field(default_factory=list)
    diff: list[tuple[str, str]] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[("equal", "Leverantören ska"), ("delete", "bör"), ("insert", "ska"), …]``."""
    a, b = old.split(), new.split()
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("equal", " ".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            parts.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(("insert", " ".join(b[j1:j2])))
    return parts


def package_changes(package: Package, items: list[PackageItem]) -> list[Change]:
    """For each outdated item: the change notes of the versions after the pinned one, up to the
    current, and a word diff of the requirement text in the package's language. One query."""
    outdated = [item for item in items if item.outdated]
    if not outdated:
        return []
    later = Q(pk__in=[])
    for item in outdated:
        later |= Q(
            requirement_id=item.requirement_id,
            number__gt=item.version.number,
            number__lte=item.requirement.current.number,
        )
    language = package.language
    notes: dict[int, list[Note]] = {}
    for version in RequirementVersion.objects.filter(later).order_by("requirement_id", "number"):
        notes.setdefault(version.requirement_id, []).append(
            Note(
                version=version,
                text=version.text_in("change_note", language),
                language=version.text_language("change_note", language),
            )
        )
    return [
        Change(
            item=item,
            notes=notes.get(item.requirement_id, []),
            diff=word_diff(
                item.version.text_in("text", language),
                item.requirement.current.text_in("text", language),
            ),
        )
        for item in outdated
    ]
