"""Changes to saved requirement packages, and storing the documents rendered from them.

A package pins the version of each requirement it was built with. Saving, changing or updating
a package queues a rendering of its PDF and Word documents once the change is committed; the
documents rendered before stay, so the tender papers of an earlier version remain available.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction

from diplomas.models import Organisation

from ..models import Package, PackageDocument, PackageItem, Requirement
from ..selectors.packages import MAX_REQUIREMENTS, package_versions
from . import package_documents


def _queue_documents(package: Package) -> None:
    from ..tasks import render_package_documents

    render_package_documents.delay_on_commit(package.pk)


@transaction.atomic
def package_create(
    *,
    organisation: Organisation,
    name: str,
    procurement_date: dt.date | None,
    language: str,
    requirements: list[Requirement],
    by,
) -> Package:
    if not requirements or len(requirements) > MAX_REQUIREMENTS:
        raise ValueError("a package holds 1 to MAX_REQUIREMENTS requirements")
    package = Package.objects.create(
        organisation=organisation,
        name=name,
        procurement_date=procurement_date,
        language=language,
        created_by=by,
    )
    PackageItem.objects.bulk_create(
        PackageItem(package=package, requirement=r, version_id=r.current_id, position=index)
        for index, r in enumerate(requirements)
    )
    _queue_documents(package)
    return package


@transaction.atomic
def package_change(
    *,
    package: Package,
    name: str,
    procurement_date: dt.date | None,
    language: str,
    remove: list[PackageItem],
    add: list[Requirement],
) -> Package:
    """Rename, re-date, change the language, drop items and add requirements (at their
    current version, after the others). A requirement already in the package is not added
    twice."""
    package.name = name
    package.procurement_date = procurement_date
    package.language = language
    package.save()
    package.items.filter(pk__in=[item.pk for item in remove]).delete()
    present = set(package.items.values_list("requirement_id", flat=True))
    last = max(package.items.values_list("position", flat=True), default=-1)
    PackageItem.objects.bulk_create(
        PackageItem(package=package, requirement=r, version_id=r.current_id, position=last + i)
        for i, r in enumerate([r for r in add if r.pk not in present], start=1)
    )
    _queue_documents(package)
    return package


@transaction.atomic
def package_update(*, package: Package) -> int:
    """Move every item to its requirement's current version; returns how many moved."""
    outdated = [
        item
        for item in package.items.select_related("requirement").select_for_update(of=("self",))
        if item.outdated
    ]
    for item in outdated:
        item.version_id = item.requirement.current_id
    PackageItem.objects.bulk_update(outdated, ["version"])
    if outdated:
        package.save(update_fields=["updated_at"])
        _queue_documents(package)
    return len(outdated)


def package_content(package: Package) -> package_documents.Content:
    return package_documents.content_for(
        package_versions(package),
        language=package.language,
        title=package.name,
        organisation=package.organisation.name,
        procurement_date=package.procurement_date,
    )


def package_documents_render(*, package_id: int) -> list[PackageDocument]:
    """Render and store the PDF and the Word document of the package as it is now. Safe to run
    twice: a document made of these versions since the package last changed is not rendered
    again."""
    package = Package.objects.select_related("organisation").filter(pk=package_id).first()
    if package is None:  # deleted before the worker came to it
        return []
    content = package_content(package)
    stored = []
    for fmt in (PackageDocument.Format.PDF, PackageDocument.Format.DOCX):
        versions = content.versions[:2000]
        done = package.documents.filter(
            format=fmt, versions=versions, created_at__gte=package.updated_at
        )
        if done.exists():
            continue
        data = package_documents.RENDERERS[fmt](content)
        document = PackageDocument(package=package, format=fmt, versions=versions)
        document.file.save(f"{content.filename_stem}.{fmt}", ContentFile(data), save=True)
        stored.append(document)
    return stored
