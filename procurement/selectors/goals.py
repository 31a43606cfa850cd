"""Reading goals and figures: an organisation's own page, its public chart, the national
aggregate and the share the diploma's yearly report reads. Each runs a fixed number of queries,
whatever the number of years, categories or organisations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from fairtrade_portal.charts import Chart, percent, year_bars

from ..models import (
    PURCHASE_SHARE_CATEGORIES,
    Basis,
    Category,
    Figure,
    FigurePublication,
    Goal,
    Measure,
)

# The aggregate shows a share only where at least this many organisations reported: with fewer,
# the share would be one organisation's own figure, which it may not have chosen to publish.
MIN_REPORTING = 3


@dataclass
class Series:
    """One category and measure over the years: the figures and the goals set for them."""

    category: Category
    measure: str
    figures: list[Figure] = field(default_factory=list)  # oldest year first
    goals: dict[tuple[int, str], Goal] = field(default_factory=dict)  # (year, basis) → goal

    @property
    def latest(self) -> Figure | None:
        return self.figures[-1] if self.figures else None

    def goal_for(self, year: int, basis: str = Basis.REQUIREMENTS) -> Goal | None:
        return self.goals.get((year, basis))

    @property
    def rows(self) -> list[dict]:
        """The table beside the chart: each year's amounts, shares and goal."""
        return [
            {
                "figure": figure,
                "goal": self.goal_for(figure.year),
                "certified_goal": self.goal_for(figure.year, Basis.CERTIFIED),
            }
            for figure in self.figures
        ]

    @property
    def chart(self) -> Chart:
        latest_goal = self.goal_for(self.latest.year) if self.latest else None
        return year_bars(
            [
                (f.year, f.share_with_requirements, percent(f.share_with_requirements))
                for f in self.figures
            ],
            peak=100,
            line=latest_goal.target if latest_goal else None,
        )


def figures_of(organisation) -> QuerySet[Figure]:
    return Figure.objects.filter(organisation=organisation).select_related("category")


def goals_of(organisation) -> QuerySet[Goal]:
    return Goal.objects.filter(organisation=organisation).select_related("category")


def series_of(organisation, figures=None, goals=None) -> list[Series]:
    """The organisation's figures and goals as one series per category and measure (two
    queries, none when ``figures`` and ``goals`` are given)."""
    if figures is None:
        figures = list(figures_of(organisation))
    if goals is None:
        goals = list(goals_of(organisation))
    by_key: dict[tuple[int, str], Series] = {}
    for figure in sorted(figures, key=lambda f: f.year):
        key = (figure.category_id, figure.measure)
        by_key.setdefault(key, Series(figure.category, figure.measure)).figures.append(figure)
    for goal in goals:
        key = (goal.category_id, goal.measure)
        by_key.setdefault(key, Series(goal.category, goal.measure)).goals[
            (goal.year, goal.basis)
        ] = goal
    return sorted(by_key.values(), key=lambda s: (s.category.number, s.category.code, s.measure))


def overview(organisation) -> tuple[list[Series], list[Goal]]:
    """The goals page: the series per category, and every goal (the latest year first) with
    the figure it is measured against and whether it was reached. Two queries."""
    figures = list(figures_of(organisation))
    goals = list(goals_of(organisation))
    by_key = {(f.year, f.category_id, f.measure): f for f in figures}
    for goal in goals:
        goal.figure = by_key.get((goal.year, goal.category_id, goal.measure))
        goal.reached_share = goal.figure.share(goal.basis) if goal.figure else None
        goal.reached = goal.reached_share is not None and goal.reached_share >= goal.target
    return series_of(organisation, figures, goals), goals


def goal_for(organisation, pk: int) -> Goal:
    return get_object_or_404(goals_of(organisation), pk=pk)


def figure_for(organisation, pk: int) -> Figure:
    return get_object_or_404(figures_of(organisation), pk=pk)


def is_published(organisation) -> bool:
    return FigurePublication.objects.filter(organisation=organisation, published=True).exists()


def published_series(organisation) -> list[Series]:
    """For the public profile: the organisation's series, if it chose to publish them (no query
    when it did not and the publication came with the organisation, two when it did)."""
    try:
        published = organisation.figure_publication.published
    except FigurePublication.DoesNotExist:
        published = False
    if not published:
        return []
    return [s for s in series_of(organisation) if s.figures]


@dataclass(frozen=True)
class PurchaseShare:
    """What the diploma's purchase-share criterion reads: the certified share of the spend on
    coffee, tea, cocoa and bananas in a year, and the categories it was computed from."""

    share: Decimal
    categories: list[str]
    year: int


def profile_section(organisation) -> dict | None:
    """The public profile's section (``diplomas.extensions``): the published series, or None."""
    series = published_series(organisation)
    return {"series": series} if series else None


def figures_source(organisation, year: int):
    """The yearly report's purchase share (``diplomas.extensions``), as the report keeps it."""
    from diplomas.rules import FiguresSource

    share = purchase_share(organisation, year)
    if share is None:
        return None
    return FiguresSource(share=share.share, year=share.year, categories=tuple(share.categories))


def purchase_share(organisation, year: int) -> PurchaseShare | None:
    """The fair-trade certified share of the year's spend on the purchase-share categories,
    weighted by spend; None when the organisation reported no certified spend for them."""
    figures = list(
        Figure.objects.filter(
            organisation=organisation,
            year=year,
            measure=Measure.SPEND,
            category__code__in=PURCHASE_SHARE_CATEGORIES,
            certified__isnull=False,
        )
        .select_related("category")
        .order_by("category__number", "category__code")
    )
    if not figures:
        return None
    total = sum(f.total for f in figures)
    certified = sum(f.certified for f in figures)
    return PurchaseShare(
        share=(Decimal(certified) * 100 / total).quantize(Decimal("0.1")),
        categories=[f.category.name for f in figures],
        year=year,
    )


# --- the national aggregate --------------------------------------------------------------------


@dataclass(frozen=True)
class AggregateRow:
    year: int
    category: Category
    organisations: int
    total: Decimal
    with_requirements: Decimal
    certified_organisations: int
    certified_total: Decimal
    certified: Decimal

    @property
    def shown(self) -> bool:
        return self.organisations >= MIN_REPORTING

    @property
    def share_with_requirements(self) -> Decimal | None:
        if not self.shown or not self.total:
            return None
        return (self.with_requirements * 100 / self.total).quantize(Decimal("0.1"))

    @property
    def share_certified(self) -> Decimal | None:
        if self.certified_organisations < MIN_REPORTING or not self.certified_total:
            return None
        return (self.certified * 100 / self.certified_total).quantize(Decimal("0.1"))


def national_aggregate(
    *, year: int | None = None, category: str | None = None
) -> list[AggregateRow]:
    """Across every reporting organisation, per year and category, the share of spend bought
    with requirements and the certified share, each weighted by spend: the sum of the parts
    over the sum of the totals. Two queries (the sums grouped in the database, and the
    categories), whatever the number of organisations, years and categories."""
    figures = Figure.objects.filter(measure=Measure.SPEND)
    if year is not None:
        figures = figures.filter(year=year)
    if category:
        figures = figures.filter(category__slug=category)
    with_certified = Q(certified__isnull=False)
    sums = (
        figures.values("year", "category_id")
        .annotate(
            n_organisations=Count("organisation_id", distinct=True),
            sum_total=Sum("total"),
            sum_with_requirements=Sum("with_requirements"),
            n_certified=Count("organisation_id", distinct=True, filter=with_certified),
            sum_certified_total=Sum("total", filter=with_certified),
            sum_certified=Sum("certified"),
        )
        .order_by("-year", "category_id")
    )
    sums = list(sums)
    categories = Category.objects.in_bulk({row["category_id"] for row in sums})
    rows = [
        AggregateRow(
            year=row["year"],
            category=categories[row["category_id"]],
            organisations=row["n_organisations"],
            total=row["sum_total"] or Decimal(0),
            with_requirements=row["sum_with_requirements"] or Decimal(0),
            certified_organisations=row["n_certified"],
            certified_total=row["sum_certified_total"] or Decimal(0),
            certified=row["sum_certified"] or Decimal(0),
        )
        for row in sums
    ]
    rows.sort(key=lambda r: (-r.year, r.category.number, r.category.code))
    return rows


def aggregate_by_category(rows: list[AggregateRow]) -> list[tuple[Category, list[AggregateRow]]]:
    """The aggregate's rows grouped per category (oldest year first), for a chart each."""
    grouped: dict[int, list[AggregateRow]] = defaultdict(list)
    for row in rows:
        grouped[row.category.pk].append(row)
    result = []
    for category_rows in grouped.values():
        category_rows.sort(key=lambda r: r.year)
        result.append((category_rows[0].category, category_rows))
    result.sort(key=lambda item: (item[0].number, item[0].code))
    return result


def aggregate_chart(rows: list[AggregateRow]) -> Chart:
    shown = [r for r in rows if r.share_with_requirements is not None]
    return year_bars(
        [(r.year, r.share_with_requirements, percent(r.share_with_requirements)) for r in shown],
        peak=100,
    )


def aggregate_years() -> list[int]:
    return list(
        Figure.objects.filter(measure=Measure.SPEND)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
