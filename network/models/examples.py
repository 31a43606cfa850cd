"""Good examples: what worked in a municipality or region, shared by its coordinators.

An example is written by a coordinator for their organisation and waits for Fairtrade Sverige's
moderation before other members of the network see it: draft → submitted → approved, or sent
back with a message (the author edits it and submits again).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairtrade_portal.uploads import UploadTo

from .themes import Theme

MAX_TEXT = 20_000
MAX_COMMENT = 2_000
MAX_IMAGES = 6


class GoodExample(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        SENT_BACK = "sent_back", _("Sent back for changes")
        # An example (ett exempel) is neuter in Swedish: "Publicerat", not "Publicerad".
        APPROVED = "approved", pgettext_lazy("good example", "Published")

    organisation = models.ForeignKey(
        "diplomas.Organisation",
        on_delete=models.CASCADE,
        related_name="good_examples",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_examples",
        verbose_name=_("written by"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"),
        max_length=MAX_TEXT,
        help_text=_("Markdown: “## ” starts a heading, “- ” a list item. HTML is removed."),
    )
    criterion = models.ForeignKey(
        "diplomas.Criterion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_examples",
        verbose_name=_("criterion"),
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    contact_text = models.CharField(_("other contact"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    moderation_message = models.TextField(_("message from Fairtrade Sverige"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("published"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    saved_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SavedExample",
        related_name="saved_examples",
        blank=True,
        verbose_name=_("saved by"),
    )

    class Meta:
        verbose_name = _("good example")
        verbose_name_plural = _("good examples")
        ordering = ["-approved_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-approved_at"], name="goodexample_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        """The author's organisation changes it until it is published; then staff do."""
        return self.status != self.Status.APPROVED


def _example_folder(image: GoodExampleImage) -> str:
    return f"good-examples/{image.example_id}"


class GoodExampleImage(models.Model):
    example = models.ForeignKey(
        GoodExample, on_delete=models.CASCADE, related_name="images", verbose_name=_("example")
    )
    image = models.FileField(_("image"), upload_to=UploadTo(_example_folder))
    alt_text = models.CharField(
        _("image description"),
        max_length=300,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text


class GoodExampleComment(models.Model):
    example = models.ForeignKey(
        GoodExample, on_delete=models.CASCADE, related_name="comments", verbose_name=_("example")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="good_example_comments",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("comment"), max_length=MAX_COMMENT)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a good example")
        verbose_name_plural = _("comments on good examples")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class SavedExample(models.Model):
    """A good example on a member's personal list ("Mina sparade exempel")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    example = models.ForeignKey(GoodExample, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved good example")
        verbose_name_plural = _("saved good examples")
        constraints = [
            models.UniqueConstraint(fields=["user", "example"], name="saved_example_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.example_id}"
