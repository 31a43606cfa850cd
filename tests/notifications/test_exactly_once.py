"""Each reminder reaches the mail server exactly once – when a worker is killed in the middle of
sending, when Redis restarts and loses its queue, and when the mail server says "try again
later" for a while.

Real Celery workers (``deploy/start.sh worker``, as deployed) send to a real SMTP server that
runs in this process (aiosmtpd) and keeps what it accepted. A reminder is known by its
``X-Portal-Reminder`` header, its unique key; "exactly once" means the server accepted each key
once and every reminder row says sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import json
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from unittest import mock

import pytest
import redis
from aiosmtpd.controller import Controller
from celery import Celery
from django.conf import settings
from django.utils import timezone

from diplomas.models import Diploma, Membership
from notifications import tasks
from notifications.models import Reminder
from tests.conftest import make_organisation, make_user
from tests.processes import RedisServer, Services, free_port, service_env

pytestmark = pytest.mark.services

ORGANISATIONS = 300  # one coordinator each: 300 reminders, six tasks of 50
LEASE_SECONDS = 2  # REMINDER_LEASE_SECONDS of the workers; 10 minutes in production
REDIS_DB = 8  # of the suite's Redis; tests/test_services.py uses 7
SENT = Reminder.Status.SENT


class MailServer:
    """The outside mail server: accepts, refuses or stalls mail, and remembers the reminder key
    of every message it accepted. The test may hold up new transactions once a number of
    messages has been accepted: a sending worker then waits with its reminder claimed and
    the message not yet sent, which is where a crash or a restart is made to happen."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accepted: list[str] = []
        self.refused = 0
        self.refuse_at: str | None = None  # "RCPT" or "DATA": answer 451 there
        self.hold_after: int | None = None
        self.held = 0
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def keys(self) -> Counter[str]:
        with self.lock:
            return Counter(self.accepted)

    def release(self) -> None:
        self.hold_after = None

    def _refuse(self, stage: str) -> str | None:
        if self.refuse_at != stage:
            return None
        with self.lock:
            self.refused += 1
        return "451 4.3.0 Temporarily unable to accept mail, try again later"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.hold_after is not None and len(self.accepted) >= self.hold_after:
            with self.lock:
                self.held += 1
            try:
                while self.hold_after is not None:
                    await asyncio.sleep(0.02)
            finally:
                with self.lock:
                    self.held -= 1
        if refusal := self._refuse("RCPT"):
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        # Called once the final "." has arrived: the point where a real server takes the
        # message on. A transaction cut off before it is thrown away and never gets here.
        if refusal := self._refuse("DATA"):
            return refusal
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.accepted.append(message["X-Portal-Reminder"])
        return "250 2.0.0 Accepted"


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer()
    server.controller.start()
    yield server
    server.release()
    server.controller.stop()


class Beat:
    """Queues the reminder tasks by name on a broker, as Celery beat does."""

    def __init__(self, broker_url: str):
        self.app = Celery("beat-in-tests", broker=broker_url, set_as_current=False)
        self.app.conf.update(task_serializer="json", accept_content=["json"])

    def queue(self, task: str) -> str:
        return self.app.send_task(f"notifications.tasks.{task}").id

    def close(self) -> None:
        self.app.close()


StartWorkers = Callable[[str], tuple[Services, Beat]]


def succeeded(services: Services, task: str, task_id: str) -> bool:
    name = f"Task notifications.tasks.{task}[{task_id}] succeeded"
    return any(name in services.log(log.stem) for log in services.tmp.glob("*worker*.log"))


@pytest.fixture
def workers(transactional_db, on_postgresql, tmp_path, mail_server) -> Iterator[StartWorkers]:
    """Returns ``start(redis_url)``: Services for Celery workers on that Redis, sending with
    SMTP to ``mail_server``, and a Beat that queues tasks there. Stopped after the test."""
    # transactional_db: what the test writes is committed, so the workers see it.
    started: list[tuple[Services, Beat]] = []

    def start(redis_url: str) -> tuple[Services, Beat]:
        env = service_env(
            tmp_path,
            redis_url=redis_url,
            EMAIL_BACKEND="smtp",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(mail_server.port),
            EMAIL_TIMEOUT="10",
            REMINDER_LEASE_SECONDS=str(LEASE_SECONDS),
            SITE_URL="https://portal.example",
        )
        started.append((Services(tmp_path, env, port=0), Beat(redis_url)))
        return started[-1]

    yield start
    for services, beat in started:
        services.stop(*services.processes)
        beat.close()


@pytest.fixture
def suite_redis_url() -> Iterator[str]:
    """A database of the suite's Redis for this test alone."""
    assert settings.REDIS_URL, "the workers need Redis: run the suite with make test"
    url = urllib.parse.urlsplit(settings.REDIS_URL)._replace(path=f"/{REDIS_DB}").geturl()
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def own_redis(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def reports_due(settings, coordinator, other_coordinator, malmo, lund) -> list[Membership]:
    """ORGANISATIONS diplomated organisations – Malmö, Lund and more – whose yearly report is due
    in 20 days, each with one coordinator: today's sweep owes each coordinator the 30-day
    reminder."""
    due = timezone.localdate() + dt.timedelta(days=20)
    organisations = [malmo, lund]
    for number in range(1300, 1300 + ORGANISATIONS - 2):
        organisation = make_organisation(
            str(number), f"Ort {number}", county_name=f"Län {str(number)[:2]}"
        )
        user = make_user(f"samordnare@ort-{number}.example", f"Samordnare {number}")
        Membership.objects.create(
            user=user, organisation=organisation, role=Membership.Role.COORDINATOR
        )
        organisations.append(organisation)
    Diploma.objects.bulk_create(
        Diploma(
            organisation=organisation,
            kind="city",
            status=Diploma.Status.DIPLOMATED,
            diplomated_since=dt.date(2015, 3, 1),
            next_report_due=due,
        )
        for organisation in organisations
    )
    return list(Membership.objects.filter(role=Membership.Role.COORDINATOR).select_related("user"))


def queued_task_ids(broker: redis.Redis) -> set[str]:
    """The tasks waiting in the worker's queue."""
    return {json.loads(message)["headers"]["id"] for message in broker.lrange("celery", 0, -1)}


def statuses() -> Counter[str]:
    return Counter(Reminder.objects.values_list("status", flat=True))


def wait_until_all_sent(services: Services, mail_server: MailServer, count: int) -> None:
    services.wait_for("every reminder sent", lambda: statuses() == {SENT: count}, timeout=40)
    # A row is marked sent just before the final "." of its message: the last messages may
    # still be on their way. (A lost one shows in the assertion that follows.)
    deadline = time.monotonic() + 5
    while mail_server.keys().total() < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert_each_sent_exactly_once(mail_server, count)


def assert_each_sent_exactly_once(mail_server: MailServer, count: int) -> None:
    accepted = mail_server.keys()
    assert [key for key, times in accepted.items() if times > 1] == [], "sent twice"
    keys = set(Reminder.objects.values_list("key", flat=True))
    assert len(keys) == count
    assert set(accepted) == keys, "a reminder was lost"
    assert statuses() == {SENT: count}


def test_a_worker_killed_while_sending_leaves_no_reminder_unsent_or_sent_twice(
    reports_due, mail_server, workers, suite_redis_url
):
    services, beat = workers(suite_redis_url)
    with services.logs_on_failure():
        services.start("worker", "--concurrency=2", "-n", "first@%h", name="first-worker")
        # Once 100 are accepted, both pool processes are held with their next reminder
        # claimed, half-way through the SMTP transaction.
        mail_server.hold_after = 100
        beat.queue("sweep_reminders")
        services.wait_for("two held deliveries", lambda: mail_server.held == 2, timeout=30)

        services.kill("first-worker")

        # At the crash: what the server accepted is exactly what is marked sent, the two being
        # sent are claimed, the rest waits.
        accepted = mail_server.keys()
        assert set(accepted.values()) == {1}
        assert set(Reminder.objects.filter(status=SENT).values_list("key", flat=True)) == set(
            accepted
        )
        claimed = list(
            Reminder.objects.filter(status=Reminder.Status.SENDING).values_list(
                "claimed_at", flat=True
            )
        )
        assert len(claimed) == 2
        assert 100 <= len(accepted) < ORGANISATIONS - 2
        mail_server.release()

        # Two new workers at the same time: they run the tasks still queued, and two dispatches
        # queue every row not yet sent twice more, once the lease of the claimed ones has run
        # out. Every such row is then in up to three tasks run by two workers at once.
        services.start("worker", "--concurrency=2", "-n", "second@%h", name="second-worker")
        services.start("worker", "--concurrency=2", "-n", "third@%h", name="third-worker")
        lease_over = max(claimed) + dt.timedelta(seconds=LEASE_SECONDS)
        services.wait_for("end of the lease", lambda: timezone.now() > lease_over)
        beat.queue("dispatch_reminders")
        beat.queue("dispatch_reminders")

        wait_until_all_sent(services, mail_server, ORGANISATIONS)
        assert sorted(Reminder.objects.values_list("email", flat=True).distinct()) == sorted(
            membership.user.email for membership in reports_due
        )

        # The daily sweep running again, and another dispatch, send nothing more.
        sweep, dispatch = beat.queue("sweep_reminders"), beat.queue("dispatch_reminders")
        services.wait_for(
            "the sweep and dispatch to finish",
            lambda: (
                succeeded(services, "sweep_reminders", sweep)
                and succeeded(services, "dispatch_reminders", dispatch)
            ),
        )
        assert_each_sent_exactly_once(mail_server, ORGANISATIONS)


def test_what_a_redis_restart_lost_the_next_dispatch_sends_once(
    reports_due, mail_server, workers, own_redis
):
    services, beat = workers(own_redis.url)
    broker = redis.Redis.from_url(own_redis.url)
    with services.logs_on_failure():
        services.start("worker", "--concurrency=2")
        mail_server.hold_after = 60
        beat.queue("sweep_reminders")
        services.wait_for("two held deliveries", lambda: mail_server.held == 2, timeout=30)
        waiting = queued_task_ids(broker)
        assert waiting, "no task waiting in Redis"

        own_redis.stop()
        own_redis.start()
        # (The worker may put back the two tasks it had begun; nothing else is left.)
        assert not waiting & queued_task_ids(broker), "Redis kept its queue"
        mail_server.release()

        # The worker finishes the two tasks it had begun; the tasks that waited in Redis are
        # gone, and with them what they were to send.
        lost = len(waiting) * tasks.SEND_CHUNK
        services.wait_for(
            "the tasks begun to finish",
            lambda: statuses() == {SENT: ORGANISATIONS - lost, Reminder.Status.PENDING: lost},
        )

        beat.queue("dispatch_reminders")  # as beat does every 5 minutes
        wait_until_all_sent(services, mail_server, ORGANISATIONS)
    broker.close()


class Clock:
    """timezone.now() of the test: starts at the real time, moves when the test says so."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def test_a_mail_server_that_says_try_again_later_gets_each_reminder_once_after_back_off(
    db, settings, mail_server, coordinator, other_coordinator, malmo, lund
):
    # The tasks run in this process (what a worker runs is the same code), so the clock can be
    # moved: minutes of back-off pass at once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", mail_server.port
    clock = Clock()
    with mock.patch("django.utils.timezone.now", clock):
        due = timezone.localdate() + dt.timedelta(days=20)
        for organisation in (malmo, lund):
            Diploma.objects.create(
                organisation=organisation, kind="city", status="diplomated", next_report_due=due
            )

        def attempted():
            return mail_server.refused + len(mail_server.accepted)

        # Greylisting: "451" to RCPT TO. Nothing is accepted; each is tried again in 2 minutes.
        mail_server.refuse_at = "RCPT"
        tasks.sweep_reminders()
        assert (mail_server.refused, mail_server.keys()) == (2, {})
        for reminder in Reminder.objects.all():
            assert reminder.status == Reminder.Status.PENDING
            assert reminder.attempts == 1
            assert reminder.next_attempt_at == clock.now + dt.timedelta(minutes=2)
            assert reminder.last_error.startswith("SMTPRecipientsRefused")
            assert reminder.sent_at is None

        tasks.dispatch_reminders()
        clock.advance(minutes=1, seconds=59)
        tasks.dispatch_reminders()
        assert attempted() == 2, "tried again before the back-off"

        # "451" after the whole message: not taken, so tried again – now after 4 minutes.
        mail_server.refuse_at = "DATA"
        clock.advance(seconds=1)
        tasks.dispatch_reminders()
        assert (mail_server.refused, mail_server.keys()) == (4, {})
        for reminder in Reminder.objects.all():
            assert reminder.status == Reminder.Status.PENDING
            assert reminder.attempts == 2
            assert reminder.next_attempt_at == clock.now + dt.timedelta(minutes=4)
            assert "451" in reminder.last_error
            assert reminder.sent_at is None

        mail_server.refuse_at = None
        clock.advance(minutes=3)
        tasks.dispatch_reminders()
        assert attempted() == 4, "tried again before the back-off"
        clock.advance(minutes=1)
        tasks.dispatch_reminders()
        assert_each_sent_exactly_once(mail_server, 2)
        assert {reminder.sent_at for reminder in Reminder.objects.all()} == {clock.now}

        # Later dispatches and the next day's sweep send nothing more.
        clock.advance(hours=1)
        tasks.dispatch_reminders()
        clock.advance(days=1)
        tasks.sweep_reminders()
        assert_each_sent_exactly_once(mail_server, 2)


def test_event_reminders_reach_the_mail_server_once_through_rerun_sweeps(
    db, settings, mail_server, network, member, coordinator, other_coordinator
):
    """The events' reminders (network/reminders.py) go the same way: a sweep run again, a
    dispatch run twice and a sweep on a later day of the same window send each reminder once,
    and a reminder whose send failed is sent on the next dispatch – none lost, none twice."""
    from network.models import Event
    from network.models.events import EVENT_TIME_ZONE
    from network.services.events import event_register

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", mail_server.port
    clock = Clock()
    with mock.patch("django.utils.timezone.now", clock):
        today = timezone.localdate()
        start = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(10), EVENT_TIME_ZONE)
        event = Event.objects.create(
            slug="traff",
            kind=Event.Kind.NETWORK_MEETING,
            title_sv="Nätverksträff",
            description_sv="Om träffen.",
            start=start,
            end=start + dt.timedelta(hours=2),
            meeting_link="https://meet.example/traff",
        )
        for person in (member, coordinator, other_coordinator):
            event_register(event=event, user=person)

        # The first attempt meets a mail server that says "try again later".
        mail_server.refuse_at = "RCPT"
        tasks.sweep_reminders()
        assert mail_server.keys() == {}
        mail_server.refuse_at = None
        tasks.sweep_reminders()  # the sweep run again the same day: no new rows
        assert Reminder.objects.count() == 3
        clock.advance(minutes=2)
        tasks.dispatch_reminders()
        tasks.dispatch_reminders()
        assert_each_sent_exactly_once(mail_server, 3)

        # Later days of the 7-day window add nothing; the day before adds the 1-day reminder.
        with mock.patch("django.utils.timezone.localdate", lambda: today + dt.timedelta(days=3)):
            tasks.sweep_reminders()
        assert_each_sent_exactly_once(mail_server, 3)
        with mock.patch("django.utils.timezone.localdate", lambda: today + dt.timedelta(days=6)):
            tasks.sweep_reminders()
            tasks.sweep_reminders()
        assert_each_sent_exactly_once(mail_server, 6)
        accepted = mail_server.keys()
        assert {key.rsplit(":", 2)[-2] for key in accepted} == {"7", "1"}
