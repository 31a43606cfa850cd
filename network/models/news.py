"""News written by staff, and the personal feed a person reads it in."""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.uploads import UploadTo

# Addresses under /nyheter/ that are not news items.
RESERVED_SLUGS = {"rss", "atom", "personligt-flode"}


class NewsItem(models.Model):
    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone (public)")
        MEMBERS = "members", _("The network's members only")

    slug = models.SlugField(
        _("address name"),
        max_length=80,
        unique=True,
        help_text=_("Part of the item's address, after /nyheter/."),
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_sv = models.TextField(
        _("summary (Swedish)"),
        max_length=500,
        help_text=_("One or two sentences, shown in lists and feeds."),
    )
    summary_en = models.TextField(_("summary (English)"), max_length=500, blank=True)
    body_sv = models.TextField(
        _("text (Swedish)"), help_text=_("Markdown. HTML is removed when shown.")
    )
    body_en = models.TextField(
        _("text (English)"),
        blank=True,
        help_text=_("Empty: English readers see the Swedish, marked as such."),
    )
    image = models.ImageField(
        _("image"),
        upload_to=UploadTo("news"),
        blank=True,
        # Kept on the row, so a page gives the image's size without opening the file.
        width_field="image_width",
        height_field="image_height",
        help_text=_("Optional. JPEG or PNG, at most 10 MB."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt_sv = models.CharField(
        _("image description (Swedish)"),
        max_length=300,
        blank=True,
        help_text=_("Required with an image: what it shows, for those who cannot see it."),
    )
    image_alt_en = models.CharField(_("image description (English)"), max_length=300, blank=True)
    audience = models.CharField(
        _("who may read it"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    published_at = models.DateTimeField(
        _("published"),
        default=timezone.now,
        db_index=True,
        help_text=_("A time in the future: the item appears then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["audience", "-published_at"], name="news_audience_pub")]

    def __str__(self) -> str:
        return self.title_sv

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("network:news_item", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This address name is taken by the feeds; choose another.")}
            )
        if self.image and not self.image_alt_sv.strip():
            raise ValidationError(
                {
                    "image_alt_sv": _(
                        "Describe the image: people who cannot see it read this instead."
                    )
                }
            )
        if self.image_alt_en.strip() and not self.image:
            raise ValidationError({"image_alt_en": _("There is no image to describe.")})

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    def text_language(self, language: str | None = None) -> str:
        """The language the item is shown in: English only where a translation exists."""
        language = (language or get_language() or "sv")[:2]
        return "en" if language == "en" and self.body_en.strip() and self.title_en else "sv"

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_sv

    def summary_in(self, language: str) -> str:
        return self.summary_en if language == "en" and self.summary_en else self.summary_sv

    def body_in(self, language: str) -> str:
        return self.body_en if language == "en" and self.body_en.strip() else self.body_sv

    def image_alt_in(self, language: str) -> str:
        return self.image_alt_en if language == "en" and self.image_alt_en else self.image_alt_sv

    @property
    def title(self) -> str:
        return self.title_in(self.text_language())

    @property
    def summary(self) -> str:
        return self.summary_in(self.text_language())


KEY_LENGTH = 12


class PersonalFeed(models.Model):
    """A person's own news feed address: ``<key><secret>``. The key finds the row; the secret is
    compared in constant time, so the time an answer takes says nothing about how much of a
    guessed secret was right. Renewing replaces both, and the old address answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_feed",
        verbose_name=_("person"),
    )
    key = models.CharField(max_length=KEY_LENGTH, unique=True, editable=False)
    secret = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("personal news feed")
        verbose_name_plural = _("personal news feeds")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(KEY_LENGTH // 2)

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(32)

    @property
    def token(self) -> str:
        return f"{self.key}{self.secret}"

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.token.encode(), token.encode())
