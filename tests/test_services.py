"""The services of docker-compose.yml, started with the same commands (``deploy/start.sh``).

gunicorn, a Celery worker and beat run as separate processes against the test PostgreSQL
database and the test Redis (a Redis database of their own). A message posted on the contact
page must travel from the web process through Redis to the worker, which writes the email.
"""

from __future__ import annotations

import email
import http.cookiejar
import json
import re
import shelve
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
import redis
from django.conf import settings

from tests.processes import Services, free_port, service_env

# The suite's own code may use Redis database 0; the services get one to themselves.
REDIS_DB = 7
EMAIL_SEPARATOR = b"-" * 79 + b"\n"  # what Django's file backend writes after each message

pytestmark = pytest.mark.services


class Browser:
    """Just enough of a browser: cookies, and redirects left for the test to see."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")
        except OSError:
            return 0, {}, ""

    def csrf_token(self, path: str) -> str:
        status, _, html = self.request(path)
        assert status == 200, f"GET {path} answered {status}"
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)


def emails_in(folder: Path) -> list[Message]:
    messages = []
    for path in sorted(folder.glob("*.log")):
        content = path.read_bytes()
        if content.endswith(EMAIL_SEPARATOR):  # written completely
            messages += [
                email.message_from_bytes(part) for part in content.split(EMAIL_SEPARATOR) if part
            ]
    return messages


def text_of(message: Message) -> str:
    return "".join(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )


@pytest.fixture
def services(transactional_db, on_postgresql, tmp_path) -> Iterator[Services]:
    """The test database and a Redis database of their own; stopped after the test."""
    assert settings.REDIS_URL, "the services need Redis: run the suite with make test"
    # transactional_db: what the test writes is committed, so the other processes see it.
    redis_url = urllib.parse.urlsplit(settings.REDIS_URL)._replace(path=f"/{REDIS_DB}").geturl()
    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()

    port = free_port()
    (tmp_path / "mail").mkdir()
    (tmp_path / "beat").mkdir()
    env = service_env(
        tmp_path,
        redis_url=redis_url,
        EMAIL_BACKEND="file",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        BEAT_SCHEDULE_FILE=str(tmp_path / "beat" / "celerybeat-schedule"),
        WEB_BIND=f"127.0.0.1:{port}",
        # As in production, the site's name first: the health check must ask for it.
        ALLOWED_HOSTS="portal.example,127.0.0.1",
        WEB_CONCURRENCY="2",
        SITE_URL=f"http://127.0.0.1:{port}",
    )
    stack = Services(tmp_path, env, port)
    try:
        yield stack
    finally:
        stack.stop(*stack.processes)
        broker.flushdb()
        broker.close()


def test_the_web_queues_a_task_that_the_worker_runs_and_beat_keeps_time(services):
    with services.logs_on_failure():
        services.start("web")
        services.start("worker", "--concurrency=2")
        services.start("beat")
        # Compose runs migrate first; on the migrated test database it changes no table, so
        # here it runs while the others start.
        migrate = services.run("migrate", timeout=60)
        assert migrate.returncode == 0, "migrate failed"
        assert "No migrations to apply." in migrate.stdout
        assert "Loaded 21 counties, 290 municipalities" in migrate.stdout

        browser = Browser(f"http://127.0.0.1:{services.port}")

        def healthy():
            status, _, body = browser.request("/healthz")
            return status == 200 and json.loads(body)

        assert services.wait_for("answer from /healthz", healthy) == {
            "database": "ok",
            "broker": "ok",
        }
        # The compose health check of the web service.
        check = services.run("healthcheck", timeout=30)
        assert check.returncode == 0, check.stdout + check.stderr

        token = uuid.uuid4().hex
        status, headers, _ = browser.request(
            "/kontakt/",
            {
                "csrfmiddlewaretoken": browser.csrf_token("/kontakt/"),
                "name": "Kim Tjänst",
                "email": "kim@ort.example",
                "organisation": "Ort kommun",
                "message": f"A question for the network, reference {token}.",
            },
        )
        assert (status, headers.get("Location")) == (302, "/kontakt/")
        # The server software is not announced (deploy/gunicorn.conf.py).
        assert not any(name.lower() == "server" for name in headers)

        def delivered():
            return [m for m in emails_in(services.tmp / "mail") if token in text_of(m)]

        [message] = services.wait_for("email from the worker", delivered)
        assert message["To"] == settings.STAFF_EMAIL
        assert message["Reply-To"] == "kim@ort.example"
        # The worker logs the task's success just after the email is written.
        services.wait_for(
            "the worker's report of the task",
            lambda: re.search(
                r"Task fairtrade_portal\.tasks\.send_contact_message\[[-0-9a-f]+\] succeeded",
                services.log("worker"),
            ),
        )

        # Beat started, is still running, and stops cleanly with the schedule of settings.py.
        services.wait_for("start of beat", lambda: "beat: Starting..." in services.log("beat"))
        services.check_running()
        assert services.stop("beat") == [0], "beat did not stop cleanly"
        # The file beat itself wrote a moment ago.
        with shelve.open(services.env["BEAT_SCHEDULE_FILE"], flag="r") as schedule:  # noqa: S301
            entry = schedule["entries"]["clear-expired-sessions"]
        assert entry.task == "fairtrade_portal.tasks.clear_expired_sessions"
        assert (entry.schedule.hour, entry.schedule.minute) == ({3}, {30})
