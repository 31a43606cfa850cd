"""Product categories whose supply chains carry known human-rights risks, and a risk matrix for
each: supply-chain stage × risk area, each cell rated with a short note."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ._text import text_in, text_language


class Stage(models.TextChoices):
    RAW_MATERIAL = "raw_material", _("Raw material")
    PROCESSING = "processing", _("Processing")
    MANUFACTURE = "manufacture", _("Final manufacture")


class RiskArea(models.TextChoices):
    HUMAN_RIGHTS = "human_rights", _("Human rights")
    WORKERS_RIGHTS = "workers_rights", _("Workers' rights")
    ENVIRONMENT = "environment", _("Environment")
    CORRUPTION = "corruption", _("Corruption")


class Rating(models.TextChoices):
    # Ordered from the highest risk; the order is the one a matrix legend reads in.
    HIGH = "high", pgettext_lazy("risk", "High")
    MEDIUM_HIGH = "medium_high", pgettext_lazy("risk", "Medium-high")
    LOW = "low", pgettext_lazy("risk", "Low")
    UNKNOWN = "unknown", pgettext_lazy("risk", "Insufficient information")


class Category(models.Model):
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        help_text=_("Three capital letters, the middle part of its requirements' IDs (KAF)."),
    )
    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    number = models.PositiveSmallIntegerField(_("order"), default=0)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), help_text=_("Markdown."))
    description_en = models.TextField(_("description (English)"), blank=True)
    risks_sv = models.TextField(
        _("known risks (Swedish)"),
        help_text=_("Markdown: the risks in the supply chain, in a few paragraphs."),
    )
    risks_en = models.TextField(_("known risks (English)"), blank=True)
    labels_sv = models.TextField(
        _("sustainability labels (Swedish)"),
        help_text=_("Markdown. Always “or equivalent”: a buyer must accept equivalent labels."),
    )
    labels_en = models.TextField(_("sustainability labels (English)"), blank=True)
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("Where the risk ratings come from.")
    )
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("risk category")
        verbose_name_plural = _("risk categories")
        ordering = ["number", "name_sv"]

    def __str__(self) -> str:
        return self.name_sv

    def text_language(self, field: str = "name", language: str | None = None) -> str:
        return text_language(self, field, language)

    def text_in(self, field: str, language: str | None = None) -> str:
        return text_in(self, field, language)

    @property
    def name(self) -> str:
        return self.text_in("name")


class RiskCell(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="cells", verbose_name=_("category")
    )
    stage = models.CharField(_("supply-chain stage"), max_length=16, choices=Stage.choices)
    area = models.CharField(_("risk area"), max_length=16, choices=RiskArea.choices)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    note_sv = models.CharField(_("note (Swedish)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("risk matrix cell")
        verbose_name_plural = _("risk matrix")
        constraints = [
            models.UniqueConstraint(fields=["category", "stage", "area"], name="risk_cell_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.get_stage_display()} × {self.get_area_display()}"

    def text_in(self, field: str, language: str | None = None) -> str:
        return text_in(self, field, language)
