"""Reads of the risk categories and their risk matrices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ..models import Category, Rating, RiskArea, RiskCell, Stage


def published_categories() -> QuerySet[Category]:
    """The categories a visitor sees, each with the number of its requirements in the
    library (``requirement_count``)."""
    return Category.objects.filter(published=True).annotate(
        requirement_count=Count(
            "requirements", filter=Q(requirements__current__isnull=False), distinct=True
        )
    )


def category_get(slug: str) -> Category:
    category = Category.objects.filter(published=True, slug=slug).first()
    if category is None:
        raise Http404
    return category


@dataclass(frozen=True)
class MatrixRow:
    stage: str
    label: str
    cells: list[RiskCell | None]  # one per RiskArea, in its order; None: not rated yet


@dataclass(frozen=True)
class Matrix:
    areas: list[tuple[str, str]]
    rows: list[MatrixRow]
    ratings: list[tuple[str, str]]  # the legend, highest risk first

    @property
    def complete(self) -> bool:
        return all(cell is not None for row in self.rows for cell in row.cells)


def risk_matrix(category: Category) -> Matrix:
    """The category's matrix: supply-chain stage (rows) × risk area (columns), in one query."""
    cells = {(c.stage, c.area): c for c in RiskCell.objects.filter(category=category)}
    rows = [
        MatrixRow(
            stage=stage,
            label=str(label),
            cells=[cells.get((stage, area)) for area in RiskArea.values],
        )
        for stage, label in Stage.choices
    ]
    return Matrix(
        areas=[(area, str(label)) for area, label in RiskArea.choices],
        rows=rows,
        ratings=[(value, str(label)) for value, label in Rating.choices],
    )
