#!/usr/bin/env python3
"""Write diplomas/data/sweden-outline.json, the outline of Sweden the map page draws.

Source: Natural Earth's Admin 0 countries at 1:50m (version 4.1.0, public domain), as TopoJSON in
the npm package ``world-atlas`` (2.0.2, ISC licence). The package is not a dependency of the
portal; fetch it to /tmp only when the outline is to be made again:

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
    .venv/bin/python scripts/make_sweden_outline.py /tmp/package/countries-50m.json

What it does:

1. decodes the TopoJSON arcs (quantized, delta-encoded) of the country with ISO 3166-1 numeric
   code 752 (Sweden) into rings of longitude/latitude;
2. projects them with ``diplomas.geo.transverse_mercator`` (spherical transverse Mercator,
   central meridian 15° E as in SWEREF 99 TM), scaled to a viewBox WIDTH units wide with a
   MARGIN around the country for the marks;
3. simplifies each ring with Douglas–Peucker (TOLERANCE viewBox units) and drops islands too
   small to see at that scale, leaving a few hundred points;
4. writes the SVG path, the viewBox size and the projection parameters. The map page projects
   each municipality's point with the same function and these parameters.

Standard library only; run from the repository's root.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diplomas.geo import OUTLINE_FILE, transverse_mercator  # noqa: E402

SWEDEN = "752"
LON0 = 15.0  # SWEREF 99 TM's central meridian
WIDTH = 400.0  # viewBox width; the height follows from Sweden's shape
MARGIN = 16.0  # room for the marks at the edges
TOLERANCE = 1.2  # Douglas–Peucker tolerance, in viewBox units
MIN_AREA = 12.0  # islands smaller than this (square viewBox units) are left out


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (longitude, latitude) pairs."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arc_indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """Join a ring's arcs; a negative index ~i means arc i reversed. Each arc after the first
    starts on the point the previous one ended with, which is dropped."""
    points: list[tuple[float, float]] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def polygons_of(topology: dict, code: str) -> list[list[list[tuple[float, float]]]]:
    arcs = decode_arcs(topology)
    (geometry,) = (
        g for g in topology["objects"]["countries"]["geometries"] if str(g.get("id")) == code
    )
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [[ring(indexes, arcs) for indexes in polygon] for polygon in polygons]


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iteratively (a ring of thousands of points would recurse deeply)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((x2 - x1) * (y1 - py) - (x1 - px) * (y2 - y1)) / length
            else:
                d = math.hypot(px - x1, py - y1)
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def area(points: list[tuple[float, float]]) -> float:
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def main(source: Path) -> None:
    topology = json.loads(source.read_text(encoding="utf-8"))
    polygons = polygons_of(topology, SWEDEN)
    projected = [
        [[transverse_mercator(lat, lon, lon0=LON0) for lon, lat in r] for r in polygon]
        for polygon in polygons
    ]
    eastings = [e for polygon in projected for r in polygon for e, _n in r]
    northings = [n for polygon in projected for r in polygon for _e, n in r]
    # Rounded first, so the outline is drawn with exactly the parameters the file stores.
    scale = round((WIDTH - 2 * MARGIN) / (max(eastings) - min(eastings)), 4)
    x_offset = round(MARGIN - scale * min(eastings), 4)
    y_offset = round(MARGIN + scale * max(northings), 4)
    height = math.ceil(2 * MARGIN + scale * (max(northings) - min(northings)))

    parts, kept_points = [], 0
    for polygon in projected:
        for r in polygon:
            svg = [(x_offset + scale * e, y_offset - scale * n) for e, n in r]
            if svg[0] == svg[-1]:
                svg = svg[:-1]
            svg = simplify(svg + [svg[0]], TOLERANCE)[:-1]
            if len(svg) < 3 or area(svg) < MIN_AREA:
                continue
            kept_points += len(svg)
            parts.append(
                "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in svg).replace(".0,", ",") + "Z"
            )

    OUTLINE_FILE.write_text(
        json.dumps(
            {
                "source": (
                    "Natural Earth 1:50m Admin 0 countries, version 4.1.0 (public domain), "
                    "from the npm package world-atlas 2.0.2 (ISC licence)"
                ),
                "made_by": "scripts/make_sweden_outline.py",
                "projection": {
                    "name": "spherical transverse Mercator",
                    "lon0": LON0,
                    "scale": scale,
                    "x_offset": x_offset,
                    "y_offset": y_offset,
                },
                "width": WIDTH,
                "height": height,
                "points": kept_points,
                "path": "".join(parts),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{OUTLINE_FILE.relative_to(ROOT)}: {len(parts)} rings, {kept_points} points")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} PATH/TO/world-atlas/countries-50m.json")
    main(Path(sys.argv[1]))
