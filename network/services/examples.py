"""Changes to good examples: write, submit, moderate, comment, save."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fairtrade_portal import emails

from ..models import GoodExample, GoodExampleComment, GoodExampleImage, SavedExample
from ..models.examples import MAX_IMAGES

Status = GoodExample.Status


def _example_url(example: GoodExample, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("network:example", args=[example.pk])


@transaction.atomic
def good_example_save(
    *,
    example: GoodExample | None,
    organisation,
    by,
    data: dict,
    images: list[tuple[object, str]],
    remove_image_ids: list[int],
    submit: bool,
) -> GoodExample:
    """Create or change an example of ``organisation``; ``submit`` sends it for review."""
    if example is None:
        example = GoodExample(organisation=organisation, author=by)
    elif not example.is_editable:
        raise ValidationError(_("A published example is changed by Fairtrade Sverige."))
    example.title = data["title"]
    example.text = data["text"]
    example.criterion = data.get("criterion")
    example.theme = data.get("theme") or ""
    example.contact_person = data.get("contact_person")
    example.contact_text = data.get("contact_text") or ""
    if submit:
        example.status = Status.SUBMITTED
        example.submitted_at = timezone.now()
    example.save()
    if remove_image_ids:
        example.images.filter(pk__in=remove_image_ids).delete()
    existing = example.images.count()
    if existing + len(images) > MAX_IMAGES:
        raise ValidationError(_("An example can have at most %(n)s images.") % {"n": MAX_IMAGES})
    for position, (upload, alt_text) in enumerate(images, start=existing):
        GoodExampleImage.objects.create(
            example=example,
            image=upload,
            alt_text=alt_text,
            filename=str(upload.name)[:255],
            position=position,
        )
    if submit:
        emails.send_on_commit(
            "good-example-submitted",
            [settings.STAFF_EMAIL],
            {"example": example, "url": _example_url(example, settings.LANGUAGE_CODE)},
            language=settings.LANGUAGE_CODE,
        )
    return example


def _notify_author(example: GoodExample, name: str) -> None:
    author = example.author
    if author is None or not author.email:
        return
    language = author.language or settings.LANGUAGE_CODE
    emails.send_on_commit(
        name,
        [author.email],
        {"example": example, "user": author, "url": _example_url(example, language)},
        language=language,
    )


@transaction.atomic
def good_example_approve(*, example: GoodExample, by) -> GoodExample:
    example = GoodExample.objects.select_for_update().get(pk=example.pk)
    if example.status != Status.SUBMITTED:
        raise ValidationError(_("Only an example waiting for review can be published."))
    example.status = Status.APPROVED
    example.approved_at = timezone.now()
    example.approved_by = by
    example.moderation_message = ""
    example.save(update_fields=["status", "approved_at", "approved_by", "moderation_message"])
    _notify_author(example, "good-example-approved")
    return example


@transaction.atomic
def good_example_send_back(*, example: GoodExample, by, message: str) -> GoodExample:
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Say what needs to change."))
    example = GoodExample.objects.select_for_update().get(pk=example.pk)
    if example.status != Status.SUBMITTED:
        raise ValidationError(_("Only an example waiting for review can be sent back."))
    example.status = Status.SENT_BACK
    example.moderation_message = message
    example.save(update_fields=["status", "moderation_message"])
    _notify_author(example, "good-example-sent-back")
    return example


@transaction.atomic
def good_example_comment_add(*, example: GoodExample, by, text: str) -> GoodExampleComment:
    return GoodExampleComment.objects.create(example=example, author=by, text=text.strip())


@transaction.atomic
def good_example_comment_delete(*, comment: GoodExampleComment, by) -> None:
    if comment.author_id != by.pk and not by.is_staff:
        raise ValidationError(_("Only the one who wrote a comment can delete it."))
    comment.delete()


@transaction.atomic
def good_example_toggle_saved(*, example: GoodExample, user) -> bool:
    """Save the example to the user's list, or take it off; True when it is now saved."""
    deleted, _rows = SavedExample.objects.filter(user=user, example=example).delete()
    if deleted:
        return False
    SavedExample.objects.get_or_create(user=user, example=example)
    return True
