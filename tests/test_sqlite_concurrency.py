"""The quick start under a little load: the portal on its embedded SQLite, served as make run
serves it, takes twenty orders posted at the same moment without a "database is locked"."""

from __future__ import annotations

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.test_quickstart import NOT_FOR_MAKE_RUN, free_port

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 20


class Visitor:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


@pytest.fixture
def quick_start_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in NOT_FOR_MAKE_RUN}
    env["VAR_DIR"] = str(tmp_path / "var")
    for step in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *step], cwd=ROOT, env=env, check=True)
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310
            break
        except urllib.error.HTTPError:
            break  # it answers (503 without a broker is an answer)
        except OSError:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "the quick start did not answer"
            time.sleep(0.2)
    yield base, tmp_path / "var" / "db.sqlite3", tmp_path / "server.log"
    server.terminate()
    server.wait(10)
    log.close()


def test_twenty_people_posting_at_once_never_see_a_500(quick_start_server):
    base, database, log = quick_start_server
    visitors = [Visitor(base) for _ in range(PEOPLE)]
    tokens = []
    for visitor in visitors:
        status, html = visitor.open("/handbok/bestall/")
        assert status == 200
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))

    start = threading.Barrier(PEOPLE)
    statuses: list[int] = [0] * PEOPLE

    def order(index: int) -> None:
        start.wait()
        statuses[index], _ = visitors[index].open(
            "/handbok/bestall/",
            {
                "csrfmiddlewaretoken": tokens[index],
                "organisation": f"Kommun {index}",
                "quantity": "2",
                "contact_name": f"Person {index}",
                "email": f"person{index}@kommun.example",
                "street": "Storgatan 1",
                "postal_code": "211 20",
                "city": "Malmö",
            },
        )

    threads = [threading.Thread(target=order, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert statuses == [200] * PEOPLE, log.read_text(errors="replace")[-3000:]
    with sqlite3.connect(database) as conn:
        (orders,) = conn.execute("SELECT COUNT(*) FROM network_printorder").fetchone()
        (journal,) = conn.execute("PRAGMA journal_mode").fetchone()
    assert orders == PEOPLE  # each order stored once
    assert journal == "wal"
