"""The quick start: ``make run`` on embedded defaults (SQLite, a Celery worker and beat on a
broker in files, mail to files).

``scripts/run.sh`` runs exactly as ``make run`` runs it, with only ``PORT`` and ``VAR_DIR`` set
and none of the variables of the test environment, twice on the same ``VAR_DIR``: what the
first run stored must still be there in the second. Tasks queued through the web are run by
the worker run.sh starts, not in the request; stopping run.sh, or the web server dying, leaves
no process behind.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
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

import pypdf
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
STAFF = "personal@demo.example"


def wait_for(what: str, found, timeout: float = 120):
    """Poll ``found()`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := found()):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(0.5)
    return result


def session_processes(session: int) -> dict[int, str]:
    """The processes of a session (``run.sh`` leads its own): pid → command line."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue  # ended meanwhile
        # After the command name: state, parent, process group, session.
        if fields[0] != "Z" and int(fields[3]) == session:
            found[int(stat.parent.name)] = cmdline.replace(b"\0", b" ").decode(errors="replace")
    return found


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
        status, headers, body = self.request_bytes(path, data)
        return status, headers, body.decode(errors="replace")

    def request_bytes(
        self, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except OSError:
            return 0, {}, b""

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

    def wait_until_serving(self, browser: Browser, timeout: float = 300) -> None:
        browser.base_url = self.url
        deadline = time.monotonic() + timeout
        while browser.request("/healthz")[0] == 0:
            if self.process.poll() is not None:
                pytest.fail(f"make run exited with status {self.process.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"make run did not answer within {timeout} s")
            time.sleep(0.2)

    def processes(self) -> dict[int, str]:
        """What still runs of this make run: run.sh, and the web server, worker and beat."""
        return session_processes(self.process.pid)

    def stop(self) -> dict[int, str]:
        """Stop it as Ctrl+C would; kill whatever is left after 40 s, and return what that was."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(40)
        left = self.processes()
        if left:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        return left


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


def handbook_text(browser: Browser) -> str:
    """The text of the printable handbook the portal serves now."""
    status, headers, pdf = browser.request_bytes("/handbok/handbok.pdf")
    assert (status, headers.get("Content-Type")) == (200, "application/pdf")
    return " ".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


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
        # The broker is the folder of queued tasks, which takes new ones.
        status, _, body = browser.request("/healthz")
        assert (status, json.loads(body)) == (200, {"database": "ok", "broker": "ok"})
        processes = " | ".join(first.processes().values())
        assert "fairtrade_portal worker" in processes, processes
        assert "fairtrade_portal beat" in processes, processes
        assert "runserver" in processes, processes

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
        # The worker writes the email.
        wait_for(
            "the contact message in the mail folder",
            lambda: [p for p in (var / "mail").glob("*.log") if token.encode() in p.read_bytes()],
        )

        # Staff add a handbook chapter: the save answers at once, and the worker renders the
        # printable handbook with it.
        staff = Browser()
        staff.base_url = first.url
        status, _, _ = staff.post_form("/accounts/login/", {"login": STAFF, "password": password})
        assert status == 302, "the demo staff could not log in"
        title = f"Snabbstartens kapitel {token[:8]}"
        status, headers, _ = staff.post_form(
            "/admin/network/handbookchapter/add/",
            {
                "number": "99",
                "slug": f"snabbstart-{token[:8]}",
                "title_sv": title,
                "title_en": "",
                "body_sv": "## Bakgrund\n\nEtt kapitel som testet skrev.",
                "body_en": "",
                "published": "on",
                "_save": "Spara",
            },
        )
        assert status == 302, "the chapter was not saved"
        # Rendering takes seconds: had the request rendered it, the PDF would have it already.
        assert title not in handbook_text(staff)
        wait_for(
            "the handbook PDF with the new chapter",
            lambda: title in handbook_text(staff),
            timeout=240,
        )
        assert re.search(r"Task network\.tasks\.render_handbook\[[^]]+\] succeeded", first.output)
        assert "beat: Starting..." in first.output
        assert list((var / "celery").glob("beat-schedule*")), "beat keeps no schedule in var/"
    assert first.stop() == {}, "Ctrl+C left processes running"

    second = make_run.start()
    with output_on_failure(second):
        second.wait_until_serving(browser)
        assert "Demo logins" in second.output
        # The session of the first run is still valid: same secret key, same database.
        status, _, html = browser.request("/konto/")
        assert status == 200, "the login of the first run did not survive the restart"
        assert "Sara Sparad" in html

        # The web server dies: run.sh stops the worker and beat too, and ends.
        [web] = [pid for pid, cmd in second.processes().items() if "runserver" in cmd]
        os.kill(web, signal.SIGKILL)
        second.process.wait(40)
        assert second.processes() == {}, "the worker or beat outlived the web server"

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
