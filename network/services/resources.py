"""What changes resources: share, edit, hide, and take the text out of a file for the search."""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import transaction

from fairtrade_portal.search import normalise

from ..models import Resource, Tag

logger = logging.getLogger(__name__)

MAX_TAGS = 10


def tag_names(text: str) -> list[str]:
    """ "Upphandling, kaffe ,, Kaffe" → ["Upphandling", "kaffe"]: comma-separated, trimmed,
    without repeats (by their normalised form), each at most 50 characters."""
    names: list[str] = []
    keys: set[str] = set()
    for piece in (text or "").split(","):
        name = " ".join(piece.split())[:50]
        key = normalise(name)
        if key and key not in keys:
            keys.add(key)
            names.append(name)
    return names


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        tag = Tag.objects.filter(key=normalise(name)[:50]).first()
        if tag is None:
            tag = Tag(name=name)
            tag.save()
        tags.append(tag)
    return tags


def _store_file(resource: Resource, upload) -> None:
    resource.original_name = Path(upload.name).name[:255]
    resource.file_type = Path(upload.name).suffix.lower().lstrip(".")[:10]
    resource.file_size = upload.size
    resource.file = upload
    resource.link = ""
    resource.extracted_text = ""
    resource.extraction = Resource.Extraction.PENDING


def _queue_extraction(resource: Resource) -> None:
    from ..tasks import extract_resource_text

    extract_resource_text.delay_on_commit(resource.pk)


@transaction.atomic
def resource_share(*, by, data: dict, upload=None) -> Resource:
    """A new resource from the share form's cleaned data (title, description, category, tags,
    organisation, language, link) and an upload (already checked) or a link."""
    resource = Resource(
        title=data["title"],
        description=data.get("description", ""),
        category=data["category"],
        organisation=data.get("organisation"),
        group=data.get("group"),
        language=data.get("language") or "sv",
        link=data.get("link") or "",
        shared_by=by,
    )
    if upload is not None:
        _store_file(resource, upload)
    resource.save()
    resource.tags.set(_tags(tag_names(data.get("tags", ""))))
    resource.search_refresh()
    if upload is not None:
        _queue_extraction(resource)
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, by, data: dict, upload=None) -> Resource:
    """Change a resource. A new upload replaces the file; a link replaces a file."""
    for field in ("title", "description", "category", "organisation", "group", "language"):
        if field in data:
            setattr(resource, field, data[field])
    old_file = resource.file.name if resource.file else ""
    if upload is not None:
        _store_file(resource, upload)
    elif data.get("link"):
        resource.link = data["link"]
        resource.file = ""
        resource.original_name = resource.file_type = ""
        resource.file_size = None
        resource.extracted_text = ""
        resource.extraction = Resource.Extraction.NONE
    resource.save()
    if "tags" in data:
        resource.tags.set(_tags(tag_names(data["tags"])))
    resource.search_refresh()
    if upload is not None:
        _queue_extraction(resource)
    if old_file and old_file != (resource.file.name if resource.file else ""):
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return resource


@transaction.atomic
def resource_set_hidden(*, resource: Resource, by, hidden: bool) -> Resource:
    if not by.is_staff:
        raise PermissionError("only staff hide resources")
    Resource.objects.filter(pk=resource.pk).update(hidden=hidden)
    resource.hidden = hidden
    return resource


def resource_extract_text(*, resource_id: int) -> Resource | None:
    """Take the text out of the resource's file for the search (the Celery task's body).
    A file that cannot be read is logged and marked; the resource stays listed by its title,
    description and tags."""
    from ..extraction import ExtractionError, extract_text

    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None or not resource.file:
        return None
    try:
        with resource.file.open("rb") as handle:
            text = extract_text(handle, resource.file_type)
    except (ExtractionError, OSError) as error:
        logger.warning("resource %s: no text from %s: %s", resource.pk, resource.file.name, error)
        Resource.objects.filter(pk=resource.pk).update(
            extraction=Resource.Extraction.FAILED, extracted_text=""
        )
        resource.extraction = Resource.Extraction.FAILED
        return resource
    except Exception:  # a parser's bug must not lose the resource: log it with the trace
        logger.exception("resource %s: extracting %s failed", resource.pk, resource.file.name)
        Resource.objects.filter(pk=resource.pk).update(extraction=Resource.Extraction.FAILED)
        resource.extraction = Resource.Extraction.FAILED
        return resource
    Resource.objects.filter(pk=resource.pk).update(
        extracted_text=text, extraction=Resource.Extraction.DONE
    )
    resource.extracted_text = text
    resource.extraction = Resource.Extraction.DONE
    resource.search_refresh()
    return resource
