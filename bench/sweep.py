"""The reminder sweep over many organisations, and sending what it recorded.

Data: N municipalities (codes 0000…), each diplomated with a coordinator and a member, their
yearly reports due on a spread of dates so that every occasion occurs (60, 30 and 7 days
before, overdue, overdue again); one in ten has sent its report in (no reminder), one in four
has an application sent back for changes three weeks ago (a changes reminder, and enough of
them for several batches), one coordinator in seven turned report reminders off (recorded as
skipped). Rows are written with bulk_create.

The sweep (``notifications.services.reminders_sweep``, sources in ``diplomas/reminders.py``)
runs at each size with every query counted and attributed to the source whose batch is being
read or recorded; then everything it recorded is sent in chunks of
``notifications.tasks.SEND_CHUNK`` through ``reminders_send`` to a local SMTP server.

Sizes grow in place: the data of the first size is kept and completed to the next, and the
reminders are removed between sizes, so each sweep starts from nothing sent.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from unittest import mock

from .smtp_sink import SmtpSink
from .table import Row


@dataclass
class SweepRun:
    organisations: int
    sweep_seconds: float = 0.0
    recorded: int = 0
    batches: Counter = field(default_factory=Counter)  # per source
    queries: Counter = field(default_factory=Counter)  # per source
    pending: int = 0
    skipped: int = 0
    send_seconds: float = 0.0
    sent: int = 0
    received: int = 0
    without_greeting: int = 0
    attempted: int = 0
    send_queries: Counter = field(default_factory=Counter)  # by first word

    @property
    def total_batches(self) -> int:
        return sum(self.batches.values())

    @property
    def total_queries(self) -> int:
        return sum(self.queries.values())

    def per_batch(self, source: str | None = None) -> float:
        if source is None:
            return self.total_queries / max(self.total_batches, 1)
        return self.queries[source] / max(self.batches[source], 1)


# --- data ------------------------------------------------------------------------------------


def _due(i: int, today: dt.date) -> tuple[dt.date, bool]:
    """The report deadline of organisation i, and whether its report is already sent in."""
    offsets = [30, 30, 30, 30, 30, 45, 5, -3, -20, 30]  # days from today
    return today + dt.timedelta(days=offsets[i % 10]), i % 10 == 9


def populate(start: int, stop: int, today: dt.date) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from diplomas.models import (
        County,
        CriteriaSet,
        Diploma,
        DiplomaKind,
        Membership,
        Organisation,
        Submission,
    )
    from notifications.models import EmailKind, EmailOptOut

    with transaction.atomic():
        county, _ = County.objects.get_or_create(code="12", defaults={"name": "Skåne län"})
        criteria_set = CriteriaSet.objects.filter(kind=DiplomaKind.CITY).order_by("id").first()
        if criteria_set is None:
            criteria_set = CriteriaSet.objects.create(
                kind=DiplomaKind.CITY, version="bench", valid_from=dt.date(2020, 1, 1)
            )
        if not User.objects.filter(is_staff=True).exists():
            User.objects.bulk_create(
                User(
                    email=f"personal{n}@bench.example",
                    name=f"Personal {n}",
                    is_staff=True,
                    password="!",
                )
                for n in range(3)
            )
        indices = range(start, stop)
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    kind=Organisation.Kind.MUNICIPALITY,
                    code=f"{i:04d}",
                    name=f"Ort {i}",
                    official_name=f"Orts kommun {i}",
                    slug=f"ort-{i}",
                    county=county,
                    population=5_000 + 37 * i,
                    population_year=2024,
                )
                for i in indices
            ],
            batch_size=2000,
        )
        people = []
        for i in indices:
            people.append(
                User(
                    email=f"samordnare{i}@bench.example",
                    name=f"Samordnare {i}",
                    language="en" if i % 3 == 0 else "sv",
                    password="!",
                )
            )
            people.append(User(email=f"medlem{i}@bench.example", name=f"Medlem {i}", password="!"))
        people = User.objects.bulk_create(people, batch_size=2000)
        memberships, diplomas, submissions, opt_outs = [], [], [], []
        decided = timezone.now() - dt.timedelta(days=21)
        for n, (i, organisation) in enumerate(zip(indices, organisations, strict=True)):
            coordinator, member = people[2 * n], people[2 * n + 1]
            memberships.append(
                Membership(
                    user=coordinator, organisation=organisation, role=Membership.Role.COORDINATOR
                )
            )
            memberships.append(
                Membership(user=member, organisation=organisation, role=Membership.Role.MEMBER)
            )
            due, sent_in = _due(i, today)
            diplomas.append(
                Diploma(
                    organisation=organisation,
                    kind=DiplomaKind.CITY,
                    status=Diploma.Status.DIPLOMATED,
                    diplomated_since=dt.date(2015, 1, 1),
                    next_report_due=due,
                )
            )
            if sent_in:
                submissions.append(
                    Submission(
                        organisation=organisation,
                        kind=Submission.Kind.YEARLY_REPORT,
                        year=due.year - 1,
                        criteria_set=criteria_set,
                        status=Submission.Status.SUBMITTED,
                        created_by=coordinator,
                        submitted_at=decided,
                    )
                )
            if i % 4 == 1:
                submissions.append(
                    Submission(
                        organisation=organisation,
                        kind=Submission.Kind.APPLICATION,
                        year=today.year,
                        criteria_set=criteria_set,
                        status=Submission.Status.CHANGES_REQUESTED,
                        created_by=coordinator,
                        submitted_at=decided - dt.timedelta(days=7),
                        decided_at=decided,
                    )
                )
            if i % 7 == 0:
                opt_outs.append(EmailOptOut(user=coordinator, kind=EmailKind.REPORT_REMINDERS))
        Membership.objects.bulk_create(memberships, batch_size=2000)
        Diploma.objects.bulk_create(diplomas, batch_size=2000)
        Submission.objects.bulk_create(submissions, batch_size=2000)
        EmailOptOut.objects.bulk_create(opt_outs, batch_size=2000)


def _fresh_statistics() -> None:
    from django.db import connection

    from notifications.models import Reminder

    Reminder.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- measuring -------------------------------------------------------------------------------


@contextmanager
def _counted_sources(result: SweepRun):
    """Count each source's batches, and every query against the source being swept."""
    from django.db import connection

    from notifications import registry

    current = {"source": "(outside the sources)"}

    def wrap(name, func):
        def counted(today, batch_size):
            current["source"] = name
            for batch in func(today, batch_size):
                result.batches[name] += 1
                yield batch

        return counted

    def count_query(execute, sql, params, many, context):
        result.queries[current["source"]] += 1
        return execute(sql, params, many, context)

    wrapped = {name: wrap(name, func) for name, func in registry.sources().items()}
    with mock.patch.dict(registry._SOURCES, wrapped), connection.execute_wrapper(count_query):
        yield


@contextmanager
def _counted_queries(counter: Counter):
    """Count every query by its first word (SELECT, UPDATE …), without keeping them."""
    from django.db import connection

    def count_query(execute, sql, params, many, context):
        counter[sql.split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_query):
        yield


def sweep(result: SweepRun, today: dt.date, batch_size: int) -> None:
    from notifications import services
    from notifications.models import Reminder

    with _counted_sources(result):
        start = time.perf_counter()
        result.recorded = services.reminders_sweep(today=today, batch_size=batch_size)
        result.sweep_seconds = time.perf_counter() - start
    result.pending = Reminder.objects.filter(status=Reminder.Status.PENDING).count()
    result.skipped = Reminder.objects.filter(status=Reminder.Status.SKIPPED).count()


def send(result: SweepRun, smtp: SmtpSink, limit: int | None) -> None:
    """Send what the sweep recorded (at most ``limit``) as the tasks do: the sendable ids, in
    chunks of SEND_CHUNK, each chunk one ``reminders_send`` with its own SMTP connection."""
    from notifications import services
    from notifications.tasks import SEND_CHUNK

    received_before, without_greeting_before = smtp.count()
    with _counted_queries(result.send_queries):
        start = time.perf_counter()
        while result.attempted < (limit or result.pending):
            ids = services.reminders_sendable_ids()[: (limit or result.pending) - result.attempted]
            if not ids:
                break
            for first in range(0, len(ids), SEND_CHUNK):  # as dispatch_reminders queues them
                chunk = ids[first : first + SEND_CHUNK]
                result.attempted += len(chunk)
                result.sent += services.reminders_send(chunk)
        result.send_seconds = time.perf_counter() - start
    received, without_greeting = smtp.count()
    result.received = received - received_before
    result.without_greeting = without_greeting - without_greeting_before


def run(
    sizes: list[int], batch_size: int, smtp: SmtpSink, send_limit: int | None = None
) -> tuple[list[Row], dict]:
    from django.conf import settings
    from django.utils import timezone

    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        raise RuntimeError("the sweep benchmark needs EMAIL_BACKEND=smtp")
    today = timezone.localdate()
    sizes = sorted(sizes)
    runs: list[SweepRun] = []
    populated = 0
    for size in sizes:
        populate(populated, size, today)
        populated = size
        # A first sweep warms up what a long-running worker has warm (templates, URL
        # resolvers, translations, PostgreSQL's caches); the second one is measured.
        _fresh_statistics()
        sweep(SweepRun(organisations=size), today, batch_size)
        _fresh_statistics()
        sweep_run = SweepRun(organisations=size)
        sweep(sweep_run, today, batch_size)
        send(sweep_run, smtp, send_limit)
        runs.append(sweep_run)
    return _rows(runs, batch_size), {"runs": [_as_dict(r) for r in runs]}


def _as_dict(result: SweepRun) -> dict:
    return {
        f.name: dict(value) if isinstance(value := getattr(result, f.name), Counter) else value
        for f in fields(result)
    }


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _rows(runs: list[SweepRun], batch_size: int) -> list[Row]:
    rows: list[Row] = []
    for r in runs:
        rows.append(
            Row(
                f"sweep, {_n(r.organisations)} organisations: wall time",
                r.sweep_seconds,
                "s",
                note=f"{_n(r.recorded)} reminders recorded in {r.total_batches} batches "
                f"of ≤ {batch_size}, {r.total_queries} queries",
            )
        )
    small, large = runs[0], runs[-1]
    if len(runs) > 1:
        scale = f"{_n(large.organisations)} vs {_n(small.organisations)}"
        rows.append(
            Row(
                f"sweep: time per organisation, {scale}",
                (large.sweep_seconds / large.organisations)
                / (small.sweep_seconds / small.organisations),
                "×",
                note="≈ 1 when the sweep's time grows linearly with the organisations",
            )
        )
        for what, big, little in [
            ("queries", large.total_queries, small.total_queries),
            ("batches", large.total_batches, small.total_batches),
        ]:
            rows.append(
                Row(f"sweep: {what}, {scale}", big / little, "×", note=f"{big} vs {little} {what}")
            )
        rows.append(
            Row(
                f"sweep: queries per batch at {_n(large.organisations)}",
                large.per_batch(),
                target=small.per_batch(),
                note=f"target: as many as at {_n(small.organisations)}",
            )
        )
        for source in sorted(set(large.batches) | set(small.batches)):
            rows.append(
                Row(
                    f"  source {source}",
                    large.per_batch(source),
                    target=small.per_batch(source),
                    note=f"{large.queries[source]} queries / {large.batches[source]} batches "
                    f"vs {small.queries[source]} / {small.batches[source]}",
                )
            )
    for r in runs:
        rows.append(
            Row(
                f"send, {_n(r.organisations)} organisations: mails per second",
                r.sent / r.send_seconds if r.send_seconds else 0.0,
                "/s",
                note=f"{_n(r.sent)} of {_n(r.pending)} due sent in {r.send_seconds:.1f} s "
                f"({_n(r.skipped)} recorded as turned off)",
            )
        )
    if len(runs) > 1:
        rows.append(
            Row(
                f"send: queries per mail at {_n(large.organisations)}",
                _per_mail(large),
                target=_per_mail(small),
                note=f"target: as many as at {_n(small.organisations)}; "
                + ", ".join(f"{k} {v}" for k, v in large.send_queries.most_common()),
            )
        )
    attempted = sum(r.attempted for r in runs)
    received = sum(r.received for r in runs)
    rows.append(
        Row(
            "send: mails not received by the SMTP server",
            attempted - received,
            target=0,
            note=f"{_n(attempted)} handed to reminders_send, {_n(received)} received",
        )
    )
    rows.append(
        Row(
            "send: mails sent without HELO/EHLO first",
            sum(r.without_greeting for r in runs),
            target=0,
            note="RFC 5321 4.1.4; strict servers refuse MAIL before a greeting (503)",
        )
    )
    return rows


def _per_mail(result: SweepRun) -> float:
    return sum(result.send_queries.values()) / max(result.attempted, 1)
