"""Monitoring (omvärldsbevakning): links to outside news and reports that staff pick, with a
short comment and a theme. Items may also come from RSS/Atom feeds staff configure; those
arrive as drafts and are shown only once staff publish them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .themes import Theme


class MonitoringFeed(models.Model):
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("feed address"),
        max_length=1000,
        help_text=_("The address of an RSS or Atom feed (http or https)."),
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active feeds are fetched.")
    )
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("monitoring feed")
        verbose_name_plural = _("monitoring feeds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MonitoringItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not shown)")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=1000)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Who published it, e.g. Swedwatch.")
    )
    comment = models.TextField(
        _("comment"), max_length=1000, blank=True, help_text=_("Why it matters to the network.")
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    published_on = models.DateField(_("date"), default=timezone.localdate)
    feed = models.ForeignKey(
        MonitoringFeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("imported from"),
    )
    guid = models.CharField(_("feed entry id"), max_length=1000, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("monitoring item")
        verbose_name_plural = _("monitoring items")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["status", "-published_on"], name="monitoring_status_idx")]
        constraints = [
            # One item per link: a feed that repeats an entry, or staff adding the same report
            # twice, does not list it twice.
            models.UniqueConstraint(fields=["url"], name="monitoring_item_url_once"),
            models.UniqueConstraint(
                fields=["guid"], condition=~Q(guid=""), name="monitoring_item_guid_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title
