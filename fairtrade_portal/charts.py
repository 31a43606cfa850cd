"""Bar charts drawn as SVG on the server: one value per year, in a fixed 640 × 300 viewBox
that scales to the page. The template ``_year_chart.html`` draws them; every chart has the same
figures in a table beside it, which is what a screen reader reads."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

WIDTH, HEIGHT, LABELS = 640, 300, 6
BASELINE, TALLEST = 250, 200


@dataclass(frozen=True)
class Bar:
    year: int
    value: object  # what the bar's label says: a count or a formatted share
    x: float
    width: float
    centre: float
    height: int
    y: int
    value_y: int
    labelled: bool


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    line_y: int | None = None  # a target drawn across the chart (a goal), in the same scale


def year_bars(
    values: list[tuple[int, float | Decimal, object]],
    *,
    peak: float | Decimal | None = None,
    line: float | Decimal | None = None,
) -> Chart:
    """Bars of ``(year, value, label)``, the tallest at ``peak`` (default: the largest value).
    At most six years are labelled (always the latest, then every k-th back), with text large
    enough to read when a phone shrinks the chart to a third."""
    count = len(values)
    top = float(peak if peak is not None else max((v for _y, v, _l in values), default=0)) or 1
    slot = (WIDTH - 20) / max(count, 1)
    every = -(-count // LABELS) or 1  # ceiling division
    bars = []
    for index, (year, value, label) in enumerate(values):
        height = round(TALLEST * float(value) / top)
        bars.append(
            Bar(
                year=year,
                value=label,
                x=round(10 + index * slot + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                centre=round(10 + index * slot + slot / 2, 1),
                height=height,
                y=BASELINE - height,
                value_y=BASELINE - 8 - height,
                labelled=(count - 1 - index) % every == 0,
            )
        )
    line_y = None if line is None else BASELINE - round(TALLEST * float(line) / top)
    return Chart(bars=bars, line_y=line_y)


def percent(value: Decimal) -> str:
    """A share as the reader's language writes it: "62,5 %" in Swedish, "62.5 %" in English."""
    return f"{number_format(value, 1)}\u00a0%"
