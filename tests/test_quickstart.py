"""The quick start: ``make run`` on embedded defaults (SQLite, tasks in-process, mail to files).

``scripts/run.sh`` runs exactly as ``make run`` runs it, with only ``PORT`` and ``VAR_DIR`` set
and none of the variables of the test environment, twice on the same ``VAR_DIR``: what the
first run stored must still be there in the second.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Everything make test sets for the suite; make run must work without any of it.
NOT_FOR_MAKE_RUN = {
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_URL",
    "SECRET_KEY",
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "SITE_URL",
    "DEMO_MODE",
    "DEBUG",
    "HTTPS",
}
COORDINATOR = "samordnare@demo.example"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies, and redirects left for the test to see."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.base_url = ""
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

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, dict, str]:
        status, _, html = self.request(path)
        assert status == 200, f"GET {path} answered {status}"
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, f"no CSRF token on {path}"
        return self.request(path, {"csrfmiddlewaretoken": match.group(1), **fields})


class MakeRun:
    """scripts/run.sh in a process group of its own, its output in a file."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                ["./scripts/run.sh"],
                cwd=ROOT,
                env={**env, "PORT": str(self.port)},
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_serving(self, browser: Browser, timeout: float = 120) -> None:
        browser.base_url = self.url
        deadline = time.monotonic() + timeout
        while browser.request("/healthz")[0] == 0:
            if self.process.poll() is not None:
                pytest.fail(f"make run exited with status {self.process.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"make run did not answer within {timeout} s")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


class MakeRuns:
    """Starts make run on one VAR_DIR, as often as asked."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.env = {k: v for k, v in os.environ.items() if k not in NOT_FOR_MAKE_RUN}
        self.env["VAR_DIR"] = str(tmp / "var")
        self.runs: list[MakeRun] = []

    def start(self) -> MakeRun:
        self.runs.append(MakeRun(self.env, self.tmp / f"run-{len(self.runs) + 1}.log"))
        return self.runs[-1]


@pytest.fixture
def make_run(tmp_path) -> Iterator[MakeRuns]:
    runs = MakeRuns(tmp_path)
    try:
        yield runs
    finally:
        for run in runs.runs:
            run.stop()


@contextlib.contextmanager
def output_on_failure(run: MakeRun) -> Iterator[None]:
    try:
        yield
    except BaseException:
        print(f"----- output of make run -----\n{run.output[-8000:]}")
        raise


def test_make_run_serves_the_demo_and_keeps_its_data_for_the_next_run(make_run, tmp_path):
    var = tmp_path / "var"
    browser = Browser()

    first = make_run.start()
    with output_on_failure(first):
        first.wait_until_serving(browser)
        logins = re.search(r"Demo logins \(password for all: (\S+)\):", first.output)
        assert logins, "make run did not print the demo logins"
        password = logins.group(1)
        assert COORDINATOR in first.output
        assert f"http://127.0.0.1:{first.port}/" in first.output

        for path in ["/", "/en/", "/kontakt/", "/tillganglighet/", "/accounts/login/"]:
            assert browser.request(path)[0] == 200, path
        status, _, body = browser.request("/healthz")
        assert (status, json.loads(body)) == (200, {"database": "ok", "broker": "in-process"})

        status, _, _ = browser.post_form(
            "/accounts/login/", {"login": COORDINATOR, "password": password}
        )
        assert status == 302, "the demo coordinator could not log in"
        status, _, html = browser.request("/konto/")
        assert status == 200
        assert COORDINATOR in html
        status, _, _ = browser.post_form("/konto/", {"name": "Sara Sparad", "language": "en"})
        assert status == 302, "the account page did not save"

        token = uuid.uuid4().hex
        status, headers, _ = browser.post_form(
            "/kontakt/",
            {
                "name": "Kim",
                "email": "kim@ort.example",
                "organisation": "Ort",
                "message": f"Hur börjar vi? Reference {token}.",
            },
        )
        assert (status, headers.get("Location")) == (302, "/kontakt/")
        # Tasks run in-process: the email is written before the answer comes.
        mails = [p for p in (var / "mail").glob("*.log") if token.encode() in p.read_bytes()]
        assert len(mails) == 1
    first.stop()

    second = make_run.start()
    with output_on_failure(second):
        second.wait_until_serving(browser)
        assert "Demo logins" in second.output
        # The session of the first run is still valid: same secret key, same database.
        status, _, html = browser.request("/konto/")
        assert status == 200, "the login of the first run did not survive the restart"
        assert "Sara Sparad" in html
    second.stop()

    shell = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import json; from accounts.models import User; "
            f"u = User.objects.get(email='{COORDINATOR}'); "
            "print(json.dumps([u.name, u.language]))",
        ],
        cwd=ROOT,
        env=make_run.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shell.returncode == 0, shell.stderr
    # Changed in the first run; loading the demo data again kept the change.
    assert json.loads(shell.stdout.splitlines()[-1]) == ["Sara Sparad", "en"]
