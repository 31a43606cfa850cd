"""Build and render a 40-requirement package as PDF, each rendering in a fresh process.

As bench/handbook.py does, the parent starts ``python -m bench.packages`` and reads the child's
peak resident set size from ``os.wait4``. The child makes (once; idempotent) a bench category
with 40 requirements of long Swedish text, then times what the builder's PDF download does:
choosing the requirements by category and level (``requirements_chosen``), building the
content and rendering it with WeasyPrint as PDF/UA-1 (``render_pdf``), WeasyPrint's import on
first use included.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys

from .table import Row

TARGET_SECONDS = 3.0
TARGET_MB = 250.0
REQUIREMENTS = 40


def _render_in_fresh_process() -> dict:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.packages"], stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    process.stdout.close()
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("rendering the requirement package failed")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


def run(runs: int) -> tuple[list[Row], list[dict]]:
    results = [_render_in_fresh_process() for _ in range(runs)]
    first = results[0]
    how = f"median of {runs}" if runs > 1 else "1 run"
    return [
        Row(
            f"package PDF ({REQUIREMENTS} requirements): build + render",
            statistics.median(r["seconds"] for r in results),
            "s",
            TARGET_SECONDS,
            f"{how}; {first['pages']} pages, {first['size'] / 1e3:.0f} kB PDF",
        ),
        Row(
            f"package PDF ({REQUIREMENTS} requirements): peak memory",
            max(r["peak_mb"] for r in results),
            "MB",
            TARGET_MB,
            f"peak RSS of the process, max of {runs}; {first['baseline_mb']:.0f} MB before",
        ),
    ], results


def _library():
    from procurement.models import (
        Category,
        Level,
        Requirement,
        RequirementKind,
        RequirementVersion,
    )

    category, _created = Category.objects.get_or_create(
        code="BEN",
        defaults={
            "slug": "bench-kategori",
            "name_sv": "Bänkprov",
            "description_sv": "Bara för make bench.",
            "risks_sv": "-",
            "labels_sv": "-",
            "published": False,
        },
    )
    paragraph = (
        "Leverantören ska under hela avtalstiden säkerställa att varorna har producerats under "
        "förhållanden som är förenliga med ILO:s kärnkonventioner, och på begäran redovisa "
        "leveranskedjan från råvara till färdig vara. "
    )
    levels = list(Level.values)
    kinds = list(RequirementKind.values)
    for number in range(1, REQUIREMENTS + 1):
        identifier = f"FT-BEN-{number:03d}"
        if Requirement.objects.filter(identifier=identifier, current__isnull=False).exists():
            continue
        requirement = Requirement.objects.create(identifier=identifier)
        requirement.categories.add(category)
        version = RequirementVersion.objects.create(
            requirement=requirement,
            number=1,
            level=levels[number % len(levels)],
            kind=kinds[number % len(kinds)],
            title_sv=f"Villkor i leveranskedjan, del {number}",
            text_sv=paragraph * 4,
            evidence_sv="Certifiering, märkning eller likvärdigt, alternativt revisionsrapport.",
            rationale_sv=paragraph * 2,
        )
        requirement.current = version
        requirement.save(update_fields=["current"])
    return category


def child() -> None:
    import resource
    import time

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairtrade_portal.settings")
    django.setup()

    from pypdf import PdfReader

    from procurement.selectors.packages import requirements_chosen
    from procurement.services import package_documents

    category = _library()
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    chosen = requirements_chosen(categories=[category])
    content = package_documents.content_for(
        [r.current for r in chosen], language="sv", title="Bänkprov: arbetskläder 2027"
    )
    pdf = package_documents.render_pdf(content)
    seconds = time.perf_counter() - start
    if len(chosen) != REQUIREMENTS:
        raise SystemExit(f"expected {REQUIREMENTS} requirements, found {len(chosen)}")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        json.dumps(
            {"seconds": seconds, "baseline_mb": baseline_mb, "pages": pages, "size": len(pdf)}
        )
    )


if __name__ == "__main__":
    child()
