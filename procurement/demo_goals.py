"""Demo data for goals and figures: Malmö (the demo coordinator's municipality) with goals and
four years of figures for coffee, tea, cocoa and bananas, shown on its public profile, and
three years of figures from eleven other diplomated organisations, so the national aggregate
has enough reporting to show its shares. The figures are invented (drawn from a fixed seed);
Malmö's coffee goal follows the shape of Region Örebro län's published goal, 100 % with
ethical and social requirements. Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random

from diplomas.models import Organisation

from .models import Basis, Category, Figure, FigurePublication, Goal
from .models.goals import PURCHASE_SHARE_CATEGORIES

OTHERS = ["1281", "0180", "1480", "0380", "0580", "1880", "2480", "0680", "0780", "1283", "1290"]
# Malmö's spend per category (kronor) and its share with requirements / certified, year by year.
MALMO = {
    "KAF": (2_400_000, [(62, 40), (74, 48), (85, 55), (93, 61)]),
    "TEA": (380_000, [(50, 30), (58, 35), (66, 41), (70, 44)]),
    "KAK": (260_000, [(35, 20), (41, 26), (55, 33), (64, 40)]),
    "BAN": (1_150_000, [(40, 22), (52, 28), (61, 35), (72, 42)]),
}


def load_demo_goals() -> None:
    malmo = Organisation.objects.filter(code="1280").first()
    categories = Category.objects.in_bulk(list(PURCHASE_SHARE_CATEGORIES), field_name="code")
    if malmo is None or len(categories) < len(PURCHASE_SHARE_CATEGORIES):
        return
    if Figure.objects.filter(organisation=malmo).exists():
        return
    this_year = dt.date.today().year
    years = list(range(this_year - 3, this_year + 1))
    rows = []
    for code, (spend, shares) in MALMO.items():
        for year, (with_requirements, certified) in zip(years, shares, strict=True):
            total = round(spend * (1 + 0.04 * (year - years[0])))
            rows.append(
                Figure(
                    organisation=malmo,
                    year=year,
                    category=categories[code],
                    total=total,
                    with_requirements=total * with_requirements // 100,
                    certified=total * certified // 100,
                )
            )
    rng = random.Random(2026)
    for organisation in Organisation.objects.filter(code__in=OTHERS).order_by("code"):
        for _code, category in sorted(categories.items()):
            base = rng.randint(100_000, 3_000_000)
            share = rng.randint(20, 70)
            for year in years[:-1]:
                share = min(100, share + rng.randint(0, 12))
                rows.append(
                    Figure(
                        organisation=organisation,
                        year=year,
                        category=category,
                        total=base,
                        with_requirements=base * share // 100,
                        certified=base * max(0, share - rng.randint(5, 30)) // 100,
                    )
                )
    Figure.objects.bulk_create(rows)
    for year in years[1:]:
        Goal.objects.create(
            organisation=malmo,
            year=year,
            category=categories["KAF"],
            target=80 if year < this_year else 100,
            note="Kommunfullmäktiges mål för hållbara inköp",
        )
        Goal.objects.create(
            organisation=malmo,
            year=year,
            category=categories["BAN"],
            target=60 + 5 * (year - years[0]),
        )
    Goal.objects.create(
        organisation=malmo,
        year=this_year,
        category=categories["KAF"],
        basis=Basis.CERTIFIED,
        target=60,
    )
    FigurePublication.objects.update_or_create(organisation=malmo, defaults={"published": True})
