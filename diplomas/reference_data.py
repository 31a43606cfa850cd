"""Loading the register of Swedish municipalities and regions from the shipped CSV files.

The files in ``diplomas/data/`` name their sources in ``SOURCES.md`` beside them (SCB codes and
the population on 31 December 2024). Loading is idempotent: it updates what exists and adds what
is missing, and never touches an organisation's own profile fields.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import County, Organisation

DATA_DIR = Path(__file__).resolve().parent / "data"
# Gotland is one body with municipal and regional duties: the municipality row (0980) carries
# both, and the region row (09) is not loaded as a second organisation.
GOTLAND_MUNICIPALITY = "0980"
GOTLAND_COUNTY = "09"


@dataclass(frozen=True)
class LoadResult:
    counties: int
    municipalities: int
    regions: int


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_data() -> LoadResult:
    regions = _rows("regions.csv")
    municipalities = _rows("municipalities.csv")

    counties = {}
    for row in regions:
        county, _ = County.objects.update_or_create(
            code=row["code"], defaults={"name": row["county_name"]}
        )
        counties[county.code] = county

    # Two names fold to the same address (Håbo and Habo): such names get their county added.
    slug_counts = Counter(slugify(row["name"]) for row in municipalities)

    def municipality_slug(row: dict[str, str]) -> str:
        slug = slugify(row["name"])
        if slug_counts[slug] > 1:
            slug = f"{slug}-{slugify(counties[row['county_code']].name)}"
        return slug

    for row in municipalities:
        Organisation.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": Organisation.Kind.MUNICIPALITY,
                "name": row["name"],
                "official_name": row["official_name"],
                "slug": municipality_slug(row),
                "county": counties[row["county_code"]],
                "population": int(row["population"]),
                "population_year": int(row["population_year"]),
                "has_regional_duties": row["code"] == GOTLAND_MUNICIPALITY,
            },
        )

    region_count = 0
    for row in regions:
        if row["code"] == GOTLAND_COUNTY:
            continue
        Organisation.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": Organisation.Kind.REGION,
                "name": row["name"],
                "official_name": row["name"],
                "slug": slugify(row["name"]),
                "county": counties[row["code"]],
                "population": int(row["population"]),
                "population_year": int(row["population_year"]),
            },
        )
        region_count += 1
    return LoadResult(
        counties=len(counties), municipalities=len(municipalities), regions=region_count
    )
