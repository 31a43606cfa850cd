"""The map of diploma holders: an outline of Sweden and a point per municipality and region.

Everything is drawn from files shipped in ``diplomas/data/`` (sources in ``SOURCES.md``): the
outline (``sweden-outline.json``, written by ``scripts/make_sweden_outline.py`` from Natural
Earth) and the points (``municipality-points.csv``, ``region-points.csv``, from GeoNames).

The projection is a transverse Mercator on a sphere with its central meridian at 15° E – the
meridian of SWEREF 99 TM, Sweden's national grid – so the country is drawn with the shape
Swedes know from their own maps. Unit-sphere coordinates are then scaled and shifted into the
SVG's viewBox (y grows downwards). The outline file stores the parameters; points are projected
here with the very same function and parameters, so they land where the outline has them.

This module imports nothing from Django at module level: the outline script uses
``transverse_mercator`` too.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
OUTLINE_FILE = DATA_DIR / "sweden-outline.json"
POINT_FILES = ("municipality-points.csv", "region-points.csv")


def transverse_mercator(latitude: float, longitude: float, *, lon0: float) -> tuple[float, float]:
    """Spherical transverse Mercator on the unit sphere: (easting, northing) in radians-units,
    northing measured from the equator along the central meridian ``lon0`` (degrees)."""
    phi = math.radians(latitude)
    dlambda = math.radians(longitude - lon0)
    b = math.cos(phi) * math.sin(dlambda)
    easting = math.atanh(b)
    northing = math.atan2(math.tan(phi), math.cos(dlambda))
    return easting, northing


@dataclass(frozen=True)
class Projection:
    """Degrees to viewBox units: ``x = x_offset + scale * easting``,
    ``y = y_offset - scale * northing``."""

    lon0: float
    scale: float
    x_offset: float
    y_offset: float

    def __call__(self, latitude: float, longitude: float) -> tuple[float, float]:
        easting, northing = transverse_mercator(latitude, longitude, lon0=self.lon0)
        return (
            round(self.x_offset + self.scale * easting, 1),
            round(self.y_offset - self.scale * northing, 1),
        )


@dataclass(frozen=True)
class Outline:
    path: str  # the SVG path data of Sweden's land outline
    width: float
    height: float
    projection: Projection
    source: str

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


@cache
def outline() -> Outline:
    data = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    parameters = data["projection"]
    return Outline(
        path=data["path"],
        width=data["width"],
        height=data["height"],
        projection=Projection(
            lon0=parameters["lon0"],
            scale=parameters["scale"],
            x_offset=parameters["x_offset"],
            y_offset=parameters["y_offset"],
        ),
        source=data["source"],
    )


@cache
def points() -> dict[str, tuple[float, float]]:
    """The map position (x, y in the outline's viewBox) of each municipality and region, by
    SCB code (four digits for a municipality, two for a region). Read once per process."""
    project = outline().projection
    positions = {}
    for name in POINT_FILES:
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                positions[row["code"]] = project(float(row["latitude"]), float(row["longitude"]))
    return positions


@dataclass(frozen=True)
class Mark:
    """One diploma on the map: where, and how it is drawn."""

    diploma: object  # a Diploma with its organisation loaded
    x: float
    y: float
    is_region: bool  # a Fairtrade Region diploma: a diamond; Fairtrade City: a circle
    is_paused: bool  # vilande: an open ring instead of a filled mark
    has_hit_area: bool = True  # a larger invisible disc to tap (not over a region's mark)

    @property
    def diamond(self) -> str:
        """The points of a region's diamond, centred on the point."""
        r = REGION_RADIUS
        x, y = self.x, self.y
        return f"{x:g},{y - r:g} {x + r:g},{y:g} {x:g},{y + r:g} {x - r:g},{y:g}"


# viewBox units; the map is 400 units wide, so on a 390 px phone a unit is about 0.9 px. A
# region's point is its county seat, where a municipality may also hold the diploma: the diamond
# is drawn larger and first, so both marks stay visible and can be followed.
REGION_RADIUS = 16  # half the diamond's diagonal: about 29 px across on a phone
CITY_RADIUS = 7
HIT_RADIUS = 12  # an invisible disc around a municipality's mark: about 22 px to tap on a phone


def map_marks(diplomas) -> list[Mark]:
    """A mark for each diploma whose organisation has a shipped point (every municipality and
    region has one), regions first, so that municipalities are drawn on top of them."""
    positions = points()
    marks = []
    for diploma in diplomas:
        position = positions.get(diploma.organisation.code)
        if position is None:
            continue
        marks.append(
            Mark(
                diploma=diploma,
                x=position[0],
                y=position[1],
                is_region=diploma.kind == "region",
                is_paused=diploma.status == "paused",
            )
        )
    marks.sort(key=lambda mark: not mark.is_region)
    # A municipality on a region's mark gets no larger disc, which would cover the diamond.
    regions = [(mark.x, mark.y) for mark in marks if mark.is_region]
    return [
        replace(mark, has_hit_area=False)
        if not mark.is_region
        and any(math.hypot(mark.x - x, mark.y - y) < REGION_RADIUS for x, y in regions)
        else mark
        for mark in marks
    ]
