"""The handbook: chapters edited by staff, rendered to web pages and to a printable PDF, and
orders for printed copies. (The intranet's news, resources and events come later.)"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.uploads import UploadTo


class HandbookChapter(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_sv = models.TextField(
        _("text (Swedish)"),
        help_text=_("Markdown. Sections start with “## ”. HTML is removed when shown."),
    )
    body_en = models.TextField(
        _("text (English)"), blank=True, help_text=_("Empty: English readers see the Swedish.")
    )
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("handbook chapter")
        verbose_name_plural = _("handbook chapters")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title_sv}"

    def text_language(self, language: str | None = None) -> str:
        """The language the chapter is shown in: English only where a translation exists."""
        language = (language or get_language() or "sv")[:2]
        return "en" if language == "en" and self.body_en.strip() else "sv"

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_sv

    def body_in(self, language: str) -> str:
        return self.body_en if language == "en" and self.body_en.strip() else self.body_sv

    @property
    def title(self) -> str:
        return self.title_in(self.text_language())


class HandbookRender(models.Model):
    """One rendering of the whole handbook to PDF in one language. The newest ready one is what
    people download; a failed one keeps the previous file available and shows its error."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    content_hash = models.CharField(_("content fingerprint"), max_length=64)
    file = models.FileField(_("file"), upload_to=UploadTo("handbook"), blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("handbook PDF")
        verbose_name_plural = _("handbook PDFs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        created = timezone.localtime(self.created_at)
        status = self.get_status_display()
        return f"{self.get_language_display()} {created:%Y-%m-%d %H:%M} ({status})"


postal_code_validator = RegexValidator(
    r"^\d{3} ?\d{2}$", _("Write the postal code as five digits, e.g. 123 45.")
)


class PrintOrder(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.CharField(_("organisation"), max_length=200)
    quantity = models.PositiveSmallIntegerField(
        _("number of copies"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("delivery address"), max_length=200)
    postal_code = models.CharField(
        _("postal code"), max_length=6, validators=[postal_code_validator]
    )
    city = models.CharField(_("town"), max_length=100)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("ordered"), auto_now_add=True)

    class Meta:
        verbose_name = _("order of printed handbooks")
        verbose_name_plural = _("orders of printed handbooks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.quantity}"
