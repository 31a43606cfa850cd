"""The web benchmark: the public pages under load, against the cheapest page of the portal.

gunicorn is started with ``deploy/start.sh web`` (2 workers, production settings with DEBUG off,
bench/settings.py for the bench's own URLs) against the bench's PostgreSQL and the Redis that
scripts/bench.sh starts; wrk (Debian's) drives each page for ``--web-seconds`` at 16
connections. Two ceilings are measured in the same run: ``/bench/ok`` (HttpResponse("ok")
behind the whole middleware stack and the access decorator) for every page, and
``/bench/bytes.csv`` (the open-data CSV's bytes from memory) for the open data.

Data: the real 290 municipalities and 21 regions, all diplomated with their history, an
approved yearly report each with a purchase share; the larger size adds bench municipalities
(four-digit codes SCB has not given out, bulk-created the same way) up to about 10 000.

Each page's row is its cost in minimal requests (the minimal view's requests per second over
the page's): at most 1.25, that is at least 0.8 of the ceiling, is the target (0.3 of it, a
cost of 3.33, for the coordinator's dashboard). p99 latency is targeted below 100 ms for the
public pages. Queries are counted in this process with the Django test client, rendered (the
page cache off) and as served from the cache.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .table import Row

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16


@dataclass
class Measured:
    rps: float
    p99_ms: float
    errors: int
    bytes_per_request: int = 0
    queries: int | None = None
    queries_cached: int | None = None


@dataclass
class SizeRun:
    organisations: int
    pages: dict[str, Measured] = field(default_factory=dict)


def populate(total: int) -> int:
    """Diplomate every organisation and add bench municipalities up to ``total``; answers the
    number of organisations."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from diplomas.models import (
        Answer,
        County,
        CriteriaSet,
        Criterion,
        Diploma,
        DiplomaKind,
        DiplomaStatusChange,
        Membership,
        Organisation,
        Submission,
    )
    from diplomas.reference_data import load_reference_data

    if not Organisation.objects.exists():
        load_reference_data()
    with transaction.atomic():
        missing = total - Organisation.objects.count()
        counties = list(County.objects.order_by("code"))
        # Municipality codes are four digits: the ones SCB has not given out (about 9 700).
        taken = set(Organisation.objects.values_list("code", flat=True))
        free = [code for code in (f"{i:04d}" for i in range(10_000)) if code not in taken]
        Organisation.objects.bulk_create(
            [
                Organisation(
                    kind=Organisation.Kind.MUNICIPALITY,
                    code=code,
                    name=f"Benchort {i}",
                    official_name=f"Benchorts kommun {i}",
                    slug=f"benchort-{i}",
                    search_name=f"benchort {i}",
                    county=counties[i % len(counties)],
                    population=5_000 + 37 * i,
                    population_year=2024,
                    website=f"https://benchort-{i}.example",
                    public_email=f"fairtrade@benchort-{i}.example",
                )
                for code in free[: max(missing, 0)]
                for i in [int(code)]
            ],
            batch_size=2000,
        )
        bare = list(Organisation.objects.filter(diploma__isnull=True).order_by("id"))
        diplomas = Diploma.objects.bulk_create(
            [
                Diploma(
                    organisation=organisation,
                    kind=DiplomaKind.REGION if organisation.kind == "region" else DiplomaKind.CITY,
                    status=Diploma.Status.PAUSED if n % 11 == 0 else Diploma.Status.DIPLOMATED,
                    diplomated_since=dt.date(2006 + n % 19, 1 + n % 12, 1),
                    next_report_due=dt.date(2027, 2, 28),
                )
                for n, organisation in enumerate(bare)
            ],
            batch_size=2000,
        )
        changes, times = [], []
        for diploma in diplomas:
            since = diploma.diplomated_since
            at = dt.datetime.combine(since, dt.time(12), tzinfo=dt.UTC)
            changes.append(
                DiplomaStatusChange(
                    diploma=diploma, from_status="applying", to_status="diplomated", reason="Bench"
                )
            )
            times.append(at)
            if diploma.status == Diploma.Status.PAUSED:
                changes.append(
                    DiplomaStatusChange(
                        diploma=diploma, from_status="diplomated", to_status="paused", reason="B"
                    )
                )
                times.append(at + dt.timedelta(days=500))
        created = DiplomaStatusChange.objects.bulk_create(changes, batch_size=2000)
        # changed_at is auto_now_add: date the history as it happened.
        for change, wanted in zip(created, times, strict=True):
            change.changed_at = wanted
        DiplomaStatusChange.objects.bulk_update(created, ["changed_at"], batch_size=2000)

        staff = User.objects.filter(email="personal@bench.example").first() or User.objects.create(
            email="personal@bench.example", name="Personal", is_staff=True, password="!"
        )
        city_set = CriteriaSet.objects.filter(kind=DiplomaKind.CITY).order_by("-valid_from")[0]
        region_set = CriteriaSet.objects.filter(kind=DiplomaKind.REGION).order_by("-valid_from")[0]
        shares = {
            s.criteria_set_id: s
            for s in Criterion.objects.filter(
                is_purchase_share=True, criteria_set__in=[city_set, region_set]
            )
        }
        decided = timezone.now() - dt.timedelta(days=200)
        reports = Submission.objects.bulk_create(
            [
                Submission(
                    organisation_id=diploma.organisation_id,
                    kind=Submission.Kind.YEARLY_REPORT,
                    year=2025,
                    criteria_set=region_set if diploma.kind == DiplomaKind.REGION else city_set,
                    status=Submission.Status.APPROVED,
                    created_by=staff,
                    submitted_at=decided - dt.timedelta(days=20),
                    decided_at=decided,
                )
                for diploma in diplomas
            ],
            batch_size=2000,
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    submission=report, criterion=shares[report.criteria_set_id], number=40 + n % 60
                )
                for n, report in enumerate(reports)
                if report.criteria_set_id in shares
            ],
            batch_size=2000,
        )
        # The coordinator of the first organisation, for the logged-in dashboard.
        first = Organisation.objects.order_by("id").first()
        coordinator = User.objects.filter(email="samordnare@bench.example").first()
        if coordinator is None:
            coordinator = User.objects.create(
                email="samordnare@bench.example", name="Samordnare", password="!"
            )
            Membership.objects.create(
                user=coordinator, organisation=first, role=Membership.Role.COORDINATOR
            )
    from fairtrade_portal import page_cache

    page_cache._bump()  # written with bulk_create: no signal, no service
    return Organisation.objects.count()


def _pages(dashboard_slug: str) -> list[tuple[str, str, str]]:
    """(label, path, kind): kind is public, open data, or logged in."""
    from django.urls import reverse

    profile = reverse("diplomas:profile", kwargs={"slug": "malmo"})
    chapter = reverse("network:chapter", kwargs={"slug": _first_chapter()})
    return [
        ("/", reverse("home"), "public"),
        ("/diplomerade/", reverse("diplomas:listing"), "public"),
        (
            "/diplomerade/?county=12&sort=-since",
            reverse("diplomas:listing") + "?county=12&sort=-since",
            "public",
        ),
        ("/diplomerade/malmo/", profile, "public"),
        ("/diplomerade/statistik/", reverse("diplomas:statistics"), "public"),
        ("/diplomerade/karta/", reverse("diplomas:map"), "public"),
        ("/kriterier/", reverse("diplomas:criteria"), "public"),
        ("/handbok/", reverse("network:handbook"), "public"),
        ("/handbok/<kapitel>/", chapter, "public"),
        ("/nyheter/", reverse("network:news"), "public"),
        ("/nyheter/rss/", reverse("network:news_rss"), "public"),
        ("/nyheter/atom/", reverse("network:news_atom"), "public"),
        ("/evenemang/", reverse("network:events"), "public"),
        ("/evenemang/kalender.ics", reverse("network:events_calendar"), "public"),
        ("/upphandling/risker/", reverse("procurement:risk_categories"), "public"),
        ("/upphandling/krav/", reverse("procurement:library"), "public"),
        ("/upphandling/inkopsandelar/", reverse("procurement:aggregate"), "public"),
        ("/healthz", reverse("healthz"), "public"),
        ("/diplomerade/data.csv", reverse("diplomas:listing_csv"), "open data"),
        ("/diplomerade/data.json", reverse("diplomas:listing_json"), "open data"),
        (
            "/diplomerade/data.csv?county=12",
            reverse("diplomas:listing_csv") + "?county=12",
            "open data",
        ),
        (
            "dashboard (coordinator)",
            reverse("diplomas:dashboard", kwargs={"slug": dashboard_slug}),
            "logged in",
        ),
    ]


def _first_chapter() -> str:
    from network.models import HandbookChapter

    chapter = HandbookChapter.objects.order_by("number").first()
    return chapter.slug if chapter else "saknas"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_cookie() -> str:
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="samordnare@bench.example"))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _queries(path: str, cookie: str | None) -> tuple[int, int]:
    """Queries of a rendered page (page cache off), then of one served from the cache."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client = Client()
        if cookie:
            name, value = cookie.split("=", 1)
            client.cookies[name] = value
        with CaptureQueriesContext(connection) as context:
            client.get(path, HTTP_HOST="127.0.0.1")
        return len(context.captured_queries)

    settings.PAGE_CACHE_ENABLED = False
    rendered = count()
    settings.PAGE_CACHE_ENABLED = True
    count()
    return rendered, count()


_LATENCY = re.compile(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_TRANSFER = re.compile(r"(\d+) requests in")


def _wrk(url: str, seconds: float, cookie: str | None) -> Measured:
    command = [
        shutil.which("wrk") or "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
    ]
    command += ["--timeout", "5s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(_RPS.search(out).group(1))
    latency = _LATENCY.search(out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p99 = float(latency.group(1)) * scale[latency.group(2)] if latency else float("nan")
    errors = int(_NON_2XX.search(out).group(1)) if _NON_2XX.search(out) else 0
    if socket_errors := _SOCKET.search(out):
        errors += sum(int(n) for n in socket_errors.groups())
    return Measured(rps=rps, p99_ms=p99, errors=errors)


class Gunicorn:
    def __init__(self, port: int):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            WEB_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY=env.get("WEB_CONCURRENCY", "2"),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            PATH=f"{ROOT / '.venv' / 'bin'}:{env.get('PATH', '')}",
        )
        self.log = open(Path(env.get("BENCH_TMP", "/tmp")) / "gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(ROOT / "deploy" / "start.sh"), "web", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.base + "/bench/ok", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not answer /bench/ok: see gunicorn.log in BENCH_TMP")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


def run(sizes: list[int], seconds: float) -> tuple[list[Row], dict]:
    from django.db import connection

    from diplomas.models import Organisation

    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (scripts/bench.sh installs it with apt-get)")
    runs: list[SizeRun] = []
    for size in sizes:
        organisations = populate(size)
        connection.close()
        dashboard = Organisation.objects.order_by("id").first().slug
        cookie = _session_cookie()
        result = SizeRun(organisations=organisations)
        server = Gunicorn(_free_port())
        try:
            pages = [
                ("minimal view", "/bench/ok", "ceiling"),
                ("same bytes from memory", "/bench/bytes.csv", "ceiling"),
                ("same JSON bytes from memory", "/bench/bytes.json", "ceiling"),
                ("same map bytes from memory", "/bench/bytes.map", "ceiling"),
            ]
            pages += _pages(dashboard)
            # Once more at the end: the machine is shared, the ceiling is their mean.
            pages += [("minimal view, again", "/bench/ok", "ceiling")]
            for label, path, kind in pages:
                page_cookie = cookie if kind == "logged in" else None
                url = server.base + path
                headers = {"Cookie": page_cookie} if page_cookie else {}
                with urllib.request.urlopen(
                    urllib.request.Request(url, headers=headers)
                ) as response:  # noqa: S310
                    size_bytes = len(response.read())
                measured = _wrk(url, seconds, page_cookie)
                measured.bytes_per_request = size_bytes
                if kind != "ceiling":
                    measured.queries, measured.queries_cached = _queries(path, page_cookie)
                result.pages[label] = measured
                print(f"bench: web {organisations}: {label}: {measured.rps:.0f}/s", flush=True)
        finally:
            server.stop()
        runs.append(result)
    return _rows(runs), {"web": [_as_dict(run) for run in runs]}


def _as_dict(result: SizeRun) -> dict:
    return {
        "organisations": result.organisations,
        "pages": {label: vars(m) for label, m in result.pages.items()},
    }


def _rows(runs: list[SizeRun]) -> list[Row]:
    rows: list[Row] = []
    ceilings = (
        "minimal view",
        "minimal view, again",
        "same bytes from memory",
        "same JSON bytes from memory",
        "same map bytes from memory",
    )
    labels = [label for label in runs[0].pages if label not in ceilings]
    for run in runs:
        first, again = run.pages["minimal view"], run.pages["minimal view, again"]
        minimal = Measured(
            rps=(first.rps + again.rps) / 2,
            p99_ms=max(first.p99_ms, again.p99_ms),
            errors=first.errors + again.errors,
        )
        same_csv = run.pages["same bytes from memory"]
        same_json = run.pages["same JSON bytes from memory"]
        rows.append(
            Row(
                f"web {run.organisations}: minimal view",
                minimal.rps,
                "req/s",
                note=f"{first.rps:.0f} at the start, {again.rps:.0f} at the end; p99 "
                f"{minimal.p99_ms:.1f} ms; same bytes from memory: CSV {same_csv.rps:.0f} req/s "
                f"({same_csv.bytes_per_request / 1000:.0f} kB), JSON {same_json.rps:.0f} req/s "
                f"({same_json.bytes_per_request / 1000:.0f} kB)",
            )
        )
        for label in labels:
            page = run.pages[label]
            open_data = label.startswith("/diplomerade/data.")
            ceiling = minimal
            if open_data and "?" not in label:
                ceiling = same_json if label.endswith(".json") else same_csv
            if label.startswith("dashboard"):
                target = 1 / 0.3
            elif open_data and "?" in label:
                target = None  # another body size than the ceiling's: for information
            else:
                target = 1 / 0.8
            cost = ceiling.rps / page.rps if page.rps else float("inf")
            of = "minimal" if ceiling is minimal else "same bytes"
            beside = ""
            if label == "/diplomerade/karta/":  # a large page: its own body's ceiling, for reading
                same_map = run.pages["same map bytes from memory"]
                share = page.rps / same_map.rps if same_map.rps else 0
                beside = f"; {share:.2f} of the same bytes from memory ({same_map.rps:.0f} req/s)"
            rows.append(
                Row(
                    f"web {run.organisations}: {label}",
                    cost,
                    f"× {of}",
                    target=target,
                    note=f"{page.rps:.0f} req/s = {1 / cost if cost else 0:.2f} of {of}; "
                    f"p99 {page.p99_ms:.1f} ms; {page.errors} errors; "
                    f"{page.queries} queries, {page.queries_cached} from the cache; "
                    f"{page.bytes_per_request / 1000:.1f} kB{beside}",
                )
            )
            if not label.startswith("dashboard"):
                rows.append(
                    Row(f"web {run.organisations}: {label} p99", page.p99_ms, "ms", target=100.0)
                )
    if len(runs) > 1:
        small, large = runs[0], runs[-1]
        for label in labels:
            a, b = small.pages[label].queries, large.pages[label].queries
            if a is None or b is None:
                continue
            rows.append(
                Row(
                    f"web: {label} queries, {large.organisations} vs {small.organisations}",
                    b,
                    "",
                    target=a,
                    note="rendered, page cache off: the same at both sizes",
                )
            )
    return rows
