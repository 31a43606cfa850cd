"""Render time and peak memory of the full handbook PDF, each rendering in a fresh process.

The parent starts ``python -m bench.handbook LANGUAGE`` and reads the child's peak resident
set size from ``os.wait4`` (the kernel's account of that one child, Django and WeasyPrint
included). The child times ``network.services.handbook_render(force=True)`` – the whole job as
a worker runs it: building the HTML from the chapters, WeasyPrint's import on first use,
layout, writing the PDF and storing it – and prints the result as JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass

from .table import Row

TARGET_SECONDS = 10.0
TARGET_MB = 300.0


@dataclass(frozen=True)
class Rendering:
    language: str
    seconds: float
    peak_mb: float
    baseline_mb: float
    pages: int
    size: int


def render_in_fresh_process(language: str) -> Rendering:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.handbook", language],
        stdout=subprocess.PIPE,
        text=True,
    )
    output = process.stdout.read()
    process.stdout.close()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"rendering the handbook ({language}) exited with {process.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    return Rendering(
        language=language,
        seconds=result["seconds"],
        peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        baseline_mb=result["baseline_mb"],
        pages=result["pages"],
        size=result["size"],
    )


def run(languages: list[str], runs: int) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    details: dict = {}
    for language in languages:
        renderings = [render_in_fresh_process(language) for _ in range(runs)]
        first = renderings[0]
        seconds = statistics.median(r.seconds for r in renderings)
        peak = max(r.peak_mb for r in renderings)
        how = f"median of {runs}" if runs > 1 else "1 run"
        rows.append(
            Row(
                f"handbook PDF ({language}): render time",
                seconds,
                "s",
                TARGET_SECONDS,
                f"{how}; {first.pages} pages, {first.size / 1e6:.1f} MB PDF",
            )
        )
        rows.append(
            Row(
                f"handbook PDF ({language}): peak memory",
                peak,
                "MB",
                TARGET_MB,
                f"peak RSS of the process, max of {runs}; "
                f"{first.baseline_mb:.0f} MB before rendering",
            )
        )
        details[language] = [r.__dict__ for r in renderings]
    return rows, details


def child(language: str) -> None:
    import resource
    import time

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairtrade_portal.settings")
    django.setup()

    from network.content import load_shipped_chapters
    from network.models import HandbookChapter, HandbookRender
    from network.services import handbook_render

    load_shipped_chapters(HandbookChapter)  # the data migration loaded them; this is a no-op
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    render = handbook_render(language=language, force=True)
    seconds = time.perf_counter() - start
    if render is None or render.status != HandbookRender.Status.READY:
        error = render.error if render else "nothing rendered"
        raise SystemExit(f"rendering the handbook ({language}) failed: {error}")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "baseline_mb": baseline_mb,
                "pages": render.pages,
                "size": render.size,
            }
        )
    )


if __name__ == "__main__":
    child(sys.argv[1])
