"""The requirement library: requirements with stable IDs (FT-KAF-003), each published in
versions. A published version never changes: a change is a new version with a note of what
changed, so a package that used version 2 can show what version 3 changed."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.search import Searchable, SearchDocument, search_indexes

from ._text import text_in, text_language
from .risks import Category


class Level(models.TextChoices):
    # In rising order of ambition; ``Level.rank`` compares them.
    BASIC = "basic", _("Basic")
    ADVANCED = "advanced", _("Advanced")
    SPEARHEAD = "spearhead", _("Spearhead")

    @classmethod
    def rank(cls, level: str) -> int:
        return list(cls.values).index(level)


class RequirementKind(models.TextChoices):
    QUALIFICATION = "qualification", _("Qualification requirement")
    SPECIFICATION = "specification", _("Technical specification")
    AWARD = "award", _("Award criterion")
    CONTRACT = "contract", _("Special contract condition")


class Reference(models.Model):
    """What a requirement rests on: an ILO fundamental convention, the UN Convention on the
    Rights of the Child, or a fair-trade term."""

    class Kind(models.TextChoices):
        ILO = "ilo", _("ILO fundamental convention")
        UN = "un", _("UN convention")
        FAIR_TRADE = "fair_trade", _("Fair-trade term")

    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("order"), default=0)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["kind", "number", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.title_sv}"

    def text_in(self, field: str, language: str | None = None) -> str:
        return text_in(self, field, language)

    @property
    def title(self) -> str:
        return self.text_in("title")


class Requirement(Searchable):
    identifier = models.CharField(
        _("ID"),
        max_length=16,
        unique=True,
        validators=[RegexValidator(r"^FT-[A-Z]{3}-[0-9]{3}$", _("An ID looks like FT-KAF-003."))],
    )
    categories = models.ManyToManyField(
        Category, related_name="requirements", verbose_name=_("categories")
    )
    current = models.OneToOneField(
        "RequirementVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
        help_text=_("The newest published version; set when a version is published."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["identifier"]
        indexes = search_indexes("proc_requirement")

    def __str__(self) -> str:
        return self.identifier

    def search_document(self) -> SearchDocument:
        version = self.current
        if version is None:
            return SearchDocument(self.identifier)
        return SearchDocument(
            a=f"{version.title_sv} {version.title_en}",
            b=" ".join(
                [self.identifier]
                + [f"{c.name_sv} {c.name_en}" for c in self.categories.all()]
                + [r.code for r in version.references.all()]
            ),
            c=f"{version.text_sv} {version.text_en}",
            d=" ".join(
                [
                    version.evidence_sv,
                    version.evidence_en,
                    version.rationale_sv,
                    version.rationale_en,
                ]
            ),
        )


class RequirementVersion(models.Model):
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("requirement"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=RequirementKind.choices)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    text_sv = models.TextField(_("requirement text (Swedish)"), help_text=_("The text to paste."))
    text_en = models.TextField(_("requirement text (English)"), blank=True)
    evidence_sv = models.TextField(
        _("how to verify (Swedish)"),
        help_text=_("The evidence: label, certificate, self-assessment, audit report …"),
    )
    evidence_en = models.TextField(_("how to verify (English)"), blank=True)
    rationale_sv = models.TextField(_("rationale (Swedish)"))
    rationale_en = models.TextField(_("rationale (English)"), blank=True)
    references = models.ManyToManyField(
        Reference, blank=True, related_name="versions", verbose_name=_("references")
    )
    change_note_sv = models.TextField(
        _("what changed (Swedish)"), blank=True, help_text=_("Required from version 2 on.")
    )
    change_note_en = models.TextField(_("what changed (English)"), blank=True)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("requirement version")
        verbose_name_plural = _("requirement versions")
        ordering = ["requirement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "number"], name="requirement_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__lte=1) | ~models.Q(change_note_sv=""),
                name="requirement_version_says_what_changed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.identifier} v{self.number}"

    def text_language(self, field: str = "text", language: str | None = None) -> str:
        return text_language(self, field, language)

    def text_in(self, field: str, language: str | None = None) -> str:
        return text_in(self, field, language)
