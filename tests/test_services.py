"""The services of docker-compose.yml, started with the same commands (``deploy/start.sh``).

gunicorn, a Celery worker and beat run as separate processes against the test PostgreSQL
database and the test Redis (a Redis database of their own). A message posted on the contact
page must travel from the web process through Redis to the worker, which writes the email.
"""

from __future__ import annotations

import contextlib
import email
import http.cookiejar
import json
import os
import re
import shelve
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path

import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
START = ROOT / "deploy" / "start.sh"
# The suite's own code may use Redis database 0; the services get one to themselves.
REDIS_DB = 7
EMAIL_SEPARATOR = b"-" * 79 + b"\n"  # what Django's file backend writes after each message

pytestmark = pytest.mark.services


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Services:
    """Processes started through deploy/start.sh, each in its own process group."""

    def __init__(self, tmp: Path, env: dict[str, str], port: int):
        self.tmp = tmp
        self.env = env
        self.port = port
        self.processes: dict[str, subprocess.Popen] = {}
        self.stopped: set[str] = set()

    def start(self, service: str, *args: str) -> subprocess.Popen:
        with (self.tmp / f"{service}.log").open("wb") as log:
            process = subprocess.Popen(
                [str(START), service, *args],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[service] = process
        return process

    def run(self, service: str, timeout: float) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(START), service],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        (self.tmp / f"{service}.log").write_text(result.stdout + result.stderr)
        return result

    def log(self, service: str) -> str:
        path = self.tmp / f"{service}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"----- {path.stem} -----\n{path.read_text(errors='replace')[-6000:]}"
            for path in sorted(self.tmp.glob("*.log"))
        )

    def check_running(self) -> None:
        for service, process in self.processes.items():
            if process.poll() is not None:
                pytest.fail(f"{service} exited with status {process.returncode}")

    def wait_for(self, what: str, condition: Callable[[], object], timeout: float = 20) -> object:
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            self.check_running()
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {timeout} s")
            time.sleep(0.2)

    def stop(self, *services: str, timeout: float = 15) -> list[int]:
        """SIGTERM to each main process (a graceful shutdown, all at the same time), SIGKILL
        to the process group of any that hangs; returns the exit statuses."""
        processes = [self.processes[service] for service in services]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for service, process in zip(services, processes, strict=True):
            if service in self.stopped:
                continue
            self.stopped.add(service)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
            # Children a main process may have left behind (gunicorn or pool workers).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        return [process.returncode for process in processes]

    @contextlib.contextmanager
    def logs_on_failure(self) -> Iterator[None]:
        """Shows every process's output with a failure ("Captured stdout call")."""
        try:
            yield
        except BaseException:
            print(self.logs())
            raise


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
    database = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    database_url = database._replace(path="/" + settings.DATABASES["default"]["NAME"]).geturl()
    redis_url = urllib.parse.urlsplit(settings.REDIS_URL)._replace(path=f"/{REDIS_DB}").geturl()
    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()

    port = free_port()
    (tmp_path / "mail").mkdir()
    (tmp_path / "beat").mkdir()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "file",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "BEAT_SCHEDULE_FILE": str(tmp_path / "beat" / "celerybeat-schedule"),
        "WEB_BIND": f"127.0.0.1:{port}",
        # As in production, the site's name first: the health check must ask for it.
        "ALLOWED_HOSTS": "portal.example,127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
        "HOME": str(tmp_path),  # gunicorn's control socket goes to ~/.gunicorn/
    }
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

        def delivered():
            return [m for m in emails_in(services.tmp / "mail") if token in text_of(m)]

        [message] = services.wait_for("email from the worker", delivered)
        assert message["To"] == settings.STAFF_EMAIL
        assert message["Reply-To"] == "kim@ort.example"
        assert re.search(
            r"Task fairtrade_portal\.tasks\.send_contact_message\[[-0-9a-f]+\] succeeded",
            services.log("worker"),
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
