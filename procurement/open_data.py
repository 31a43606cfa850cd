"""The national aggregate of purchase shares as open data: one list of columns that the CSV,
the JSON and the documentation on the aggregate's page are made from, with the conventions of
the register's open data (``diplomas.open_data``): UTF-8 CSV with a header row, the same names
in the JSON, empty for what is not known or not shown.

A share and its amounts are left empty where fewer than ``MIN_REPORTING`` organisations
reported: it would be one organisation's own figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext_lazy as _

from diplomas.open_data import Column

from .selectors.goals import MIN_REPORTING, AggregateRow


def _shown(value_of):
    return lambda row, request=None: value_of(row) if row.shown else ""


def _number(value) -> object:
    return "" if value is None else (int(value) if value == int(value) else float(value))


AGGREGATE_COLUMNS: list[Column] = [
    Column(
        "year",
        "integer",
        _("Year"),
        _("The year the purchases were made"),
        lambda r, q=None: r.year,
        required=True,
    ),
    Column(
        "category_code",
        "string",
        _("Category code"),
        _("The risk category's three-letter code in the procurement guidance (KAF: coffee)"),
        lambda r, q=None: r.category.code,
        required=True,
        pattern="[A-Z]{3}",
    ),
    Column(
        "category",
        "string",
        _("Category"),
        _("The risk category's name in Swedish"),
        lambda r, q=None: r.category.name_sv,
        required=True,
    ),
    Column(
        "organisations",
        "integer",
        _("Organisations reporting"),
        _("How many municipalities and regions reported their spend in the category that year"),
        lambda r, q=None: r.organisations,
        required=True,
        minimum=0,
    ),
    Column(
        "total_spend_sek",
        "integer",
        _("Total spend (kronor)"),
        _("The reporting organisations' spend in the category, summed"),
        _shown(lambda r: _number(r.total)),
        minimum=0,
    ),
    Column(
        "spend_with_requirements_sek",
        "integer",
        _("Spend with requirements (kronor)"),
        _("The part of it bought with ethical and social requirements"),
        _shown(lambda r: _number(r.with_requirements)),
        minimum=0,
    ),
    Column(
        "share_with_requirements_percent",
        "number",
        _("Share with requirements (%)"),
        _("Spend with requirements divided by total spend, weighted by spend, one decimal"),
        lambda r, q=None: _number(r.share_with_requirements),
        minimum=0,
    ),
    Column(
        "certified_organisations",
        "integer",
        _("Organisations reporting certified spend"),
        _("How many of them also reported the fair-trade certified part"),
        lambda r, q=None: r.certified_organisations,
        required=True,
        minimum=0,
    ),
    Column(
        "share_certified_percent",
        "number",
        _("Fair-trade certified share (%)"),
        _("Certified spend divided by the total spend of those reporting it, weighted by spend"),
        lambda r, q=None: _number(r.share_certified),
        minimum=0,
    ),
]

AGGREGATE_FIELD_NAMES = [column.name for column in AGGREGATE_COLUMNS]


def aggregate_rows(rows: Iterable[AggregateRow]) -> Iterator[dict]:
    for row in rows:
        yield {column.name: column.value(row, None) for column in AGGREGATE_COLUMNS}


__all__ = ["AGGREGATE_COLUMNS", "AGGREGATE_FIELD_NAMES", "MIN_REPORTING", "aggregate_rows"]
