"""The one output of the harness: a plain table of measured values, targets and ratios."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Row:
    benchmark: str
    measured: float
    unit: str = ""
    target: float | None = None  # None: reported for information, no target
    note: str = ""
    tolerance: float = 1.0  # the ratio up to which the target counts as met

    @property
    def ratio(self) -> float | None:
        if self.target is None:
            return None
        if self.target == 0:
            return 0.0 if self.measured == 0 else float("inf")
        return self.measured / self.target

    @property
    def status(self) -> str:
        ratio = self.ratio
        if ratio is None:
            return ""
        return "ok" if ratio <= self.tolerance else "MISSED"

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "status": self.status}


def number(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if value >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{number(value)} {unit}".strip()


def _ratio(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    return "∞" if ratio == float("inf") else f"{ratio:.2f}"


def render(rows: list[Row]) -> str:
    header = ("benchmark", "measured", "target", "ratio", "", "note")
    lines = [
        (
            row.benchmark,
            _with_unit(row.measured, row.unit),
            _with_unit(row.target, row.unit),
            _ratio(row.ratio),
            row.status,
            row.note,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
    right = {1, 2, 3}

    def fmt(cells) -> str:
        out = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return " | ".join(out).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([fmt(header), rule, *(fmt(line) for line in lines)])
