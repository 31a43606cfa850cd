"""Goals and indicators: what an organisation means to reach in its purchasing, and what it
bought, year by year and per risk category.

A *goal* is a share to reach in a year for one category: e.g. 100 % of the coffee bought with
ethical and social requirements, measured as a share of spend (kronor) or of volume (kg).
A *figure* is what the organisation reports for a year and a category: the total and the part
bought with requirements, and optionally the part that was fair-trade certified. The share is
always computed from the two amounts (:attr:`Figure.share_with_requirements`), never typed, so a
share and its amounts cannot disagree. The national aggregate weights every organisation's share
by its total (``procurement.selectors.goals.national_aggregate``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .risks import Category

# The categories whose fair-trade certified share the diploma's purchase-share criterion asks
# for: coffee, tea, cocoa and bananas (the criterion's own guidance, diplomas/seeds.py).
PURCHASE_SHARE_CATEGORIES = ("KAF", "TEA", "KAK", "BAN")
FIRST_YEAR = 2000


class Measure(models.TextChoices):
    SPEND = "spend", _("Spend (kronor)")
    VOLUME = "volume", _("Volume (kg)")


class Basis(models.TextChoices):
    REQUIREMENTS = "requirements", _("With ethical and social requirements")
    CERTIFIED = "certified", _("Fair-trade certified")


def _year_validators():
    return [MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]


class Goal(models.Model):
    organisation = models.ForeignKey(
        "diplomas.Organisation",
        on_delete=models.CASCADE,
        related_name="purchasing_goals",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=_year_validators())
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    measure = models.CharField(
        _("measured as a share of"), max_length=10, choices=Measure.choices, default=Measure.SPEND
    )
    basis = models.CharField(
        _("bought"), max_length=12, choices=Basis.choices, default=Basis.REQUIREMENTS
    )
    target = models.DecimalField(
        _("target (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(100)],
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Optional: the decision the goal comes from, or what it covers."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("purchasing goal")
        verbose_name_plural = _("purchasing goals")
        ordering = ["-year", "category__number", "category__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "category", "measure", "basis"],
                name="procurement_goal_unique",
            ),
            models.CheckConstraint(
                condition=Q(target__gt=0) & Q(target__lte=100), name="procurement_goal_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.category} {self.year} {self.target} %"


class Figure(models.Model):
    organisation = models.ForeignKey(
        "diplomas.Organisation",
        on_delete=models.CASCADE,
        related_name="purchasing_figures",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=_year_validators())
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    measure = models.CharField(
        _("measured as"), max_length=10, choices=Measure.choices, default=Measure.SPEND
    )
    total = models.DecimalField(
        _("total bought"),
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(1)],
        help_text=_("Everything bought in the category that year, in kronor or kg."),
    )
    with_requirements = models.DecimalField(
        _("of which with requirements"),
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(0)],
        help_text=_("The part bought with ethical and social requirements in the contract."),
    )
    certified = models.DecimalField(
        _("of which fair-trade certified"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Optional: the part that carried Fairtrade or an equivalent label."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("purchasing figure")
        verbose_name_plural = _("purchasing figures")
        ordering = ["-year", "category__number", "category__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "category", "measure"],
                name="procurement_figure_unique",
            ),
            models.CheckConstraint(
                condition=Q(total__gt=0)
                & Q(with_requirements__gte=0)
                & Q(with_requirements__lte=F("total"))
                & (
                    Q(certified__isnull=True) | (Q(certified__gte=0) & Q(certified__lte=F("total")))
                ),
                name="procurement_figure_parts_within_total",
            ),
        ]
        indexes = [models.Index(fields=["measure", "year", "category"], name="procurement_fig_agg")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.category} {self.year}"

    def clean(self):
        errors = {}
        if (
            self.total is not None
            and self.with_requirements is not None
            and self.with_requirements > self.total
        ):
            errors["with_requirements"] = _(
                "The part with requirements cannot be larger than the total bought."
            )
        if self.total is not None and self.certified is not None and self.certified > self.total:
            errors["certified"] = _("The certified part cannot be larger than the total bought.")
        if errors:
            raise ValidationError(errors)

    @property
    def share_with_requirements(self) -> Decimal:
        return _share(self.with_requirements, self.total)

    @property
    def share_certified(self) -> Decimal | None:
        return None if self.certified is None else _share(self.certified, self.total)

    def share(self, basis: str) -> Decimal | None:
        if basis == Basis.CERTIFIED:
            return self.share_certified
        return self.share_with_requirements


def _share(part, total) -> Decimal:
    """A percentage with one decimal, rounded half up."""
    return (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.1"))


class FigurePublication(models.Model):
    """The organisation's choice to show its figures on its public profile (off until chosen)."""

    organisation = models.OneToOneField(
        "diplomas.Organisation",
        on_delete=models.CASCADE,
        related_name="figure_publication",
        verbose_name=_("organisation"),
    )
    published = models.BooleanField(_("shown on the public profile"), default=False)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("publication of purchasing figures")
        verbose_name_plural = _("publications of purchasing figures")

    def __str__(self) -> str:
        return str(self.organisation)
