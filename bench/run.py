"""``python -m bench``: run the benchmarks side by side and print one table.

Needs DATABASE_URL pointing at a migrated database it may fill (scripts/bench.sh starts a
throwaway PostgreSQL for it). Exits non-zero only when a benchmark crashes; missed targets are
marked MISSED in the table.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import time
from pathlib import Path

from . import handbook, packages, resources, sweep, web
from .smtp_sink import SmtpSink
from .table import Row, render

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1 or sizes[-1] > 10_000:
        raise argparse.ArgumentTypeError("sizes are 1 to 10 000 organisations (codes 0000–9999)")
    return sizes


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only",
        choices=["handbook", "packages", "resources", "sweep", "web"],
        help="run one benchmark instead of all",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="fresh processes per handbook language (default 3)"
    )
    parser.add_argument(
        "--languages", default="sv,en", help="handbook languages, comma-separated (sv,en)"
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=[1_000, 10_000],
        help="organisations in the sweep, smallest first, comma-separated (1000,10000)",
    )
    parser.add_argument(
        "--batch-size", type=int, default=500, help="the sweep's batch size (default 500)"
    )
    parser.add_argument(
        "--send-limit",
        type=int,
        default=0,
        help="send at most this many of the reminders at each size (default 0: all)",
    )
    parser.add_argument(
        "--web-sizes",
        type=_sizes,
        default=[300, 10_000],
        help="organisations in the web benchmark, smallest first (300,10000)",
    )
    parser.add_argument(
        "--web-seconds",
        type=float,
        default=5.0,
        help="seconds of wrk per page and size in the web benchmark (default 5)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("DATABASE_URL"):
        print("python -m bench needs DATABASE_URL (run it with make bench)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    load = os.getloadavg()[0]
    busy = load > (os.cpu_count() or 1)
    if busy:
        print(
            f"bench: the machine is busy (load {load:.1f} on {os.cpu_count()} CPUs): "
            "timings will be slower and noisier than on a quiet machine",
            file=sys.stderr,
            flush=True,
        )
    rows: list[Row] = []
    details: dict = {}

    smtp = SmtpSink() if args.only in (None, "sweep") else None
    try:
        if smtp:
            # Settings read the environment once, at set-up: choose SMTP before it.
            os.environ.update(
                EMAIL_BACKEND="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port)
            )
        _django_setup()
        # The sweep's "source … done" lines would drown the table; warnings still show.
        logging.getLogger("notifications").setLevel(logging.WARNING)

        if args.only in (None, "handbook"):
            from django.conf import settings

            languages = [code.strip() for code in args.languages.split(",") if code.strip()]
            unknown = set(languages) - {code for code, _name in settings.LANGUAGES}
            if unknown:
                print(f"python -m bench: unknown languages {sorted(unknown)}", file=sys.stderr)
                return 2
            print("bench: rendering the handbook PDF …", file=sys.stderr, flush=True)
            handbook_rows, details["handbook"] = handbook.run(languages, args.runs)
            rows += handbook_rows

        if args.only in (None, "packages"):
            print("bench: rendering a requirement package …", file=sys.stderr, flush=True)
            package_rows, details["packages"] = packages.run(args.runs)
            rows += package_rows
        if args.only in (None, "resources"):
            print("bench: searching 100 000 resources …", file=sys.stderr, flush=True)
            resource_rows, details["resources"] = resources.run()
            rows += resource_rows

        if args.only == "web":
            # scripts/bench.sh runs it on a database of its own (its organisations would
            # collide with the sweep's), after the others, with Redis.
            print("bench: the public pages under load …", file=sys.stderr, flush=True)
            web_rows, details["web"] = web.run(args.web_sizes, args.web_seconds)
            rows += web_rows

        if smtp:
            print("bench: sweeping reminders …", file=sys.stderr, flush=True)
            sweep_rows, details["sweep"] = sweep.run(
                args.sizes, args.batch_size, smtp, args.send_limit or None
            )
            rows += sweep_rows
    finally:
        if smtp:
            smtp.stop()

    elapsed = time.perf_counter() - started
    print()
    print(render(rows))
    missed = [row for row in rows if row.status == "MISSED"]
    print()
    print(
        f"{len(missed)} of {sum(row.target is not None for row in rows)} targets missed"
        f"{': ' + ', '.join(row.benchmark.strip() for row in missed) if missed else ''}. "
        f"Ratio = measured / target; ≤ 1 is within target. ({elapsed:.0f} s; load "
        f"{load:.1f} at the start on {os.cpu_count()} CPUs{', busy' if busy else ''})"
    )
    _save(rows, details, args, elapsed)
    return 0


def _django_setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairtrade_portal.settings")
    django.setup()


def _save(rows: list[Row], details: dict, args: argparse.Namespace, elapsed: float) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%SZ", time.gmtime())
    path = RESULTS_DIR / f"bench-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "when": stamp,
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "load_at_end": os.getloadavg()[0],
                },
                "arguments": vars(args),
                "seconds": elapsed,
                "rows": [row.as_dict() for row in rows],
                "details": details,
            },
            indent=2,
            default=str,
        )
    )
    print(f"(details: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path})")
