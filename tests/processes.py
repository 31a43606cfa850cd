"""Starting the portal's services as real processes, for the tests that need them.

The processes start through ``deploy/start.sh`` – the commands docker-compose.yml runs – against
the test PostgreSQL database, so what is tested is what is deployed. Tests that use them need
``transactional_db``: what the test writes must be committed for another process to see it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
START = ROOT / "deploy" / "start.sh"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(what: str, condition: Callable[[], object], timeout: float = 20) -> object:
    """Polls ``condition`` until it returns something true; fails the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {timeout} s")
        time.sleep(0.1)


def suite_database_url() -> str:
    """The suite's DATABASE_URL, pointing at the test database pytest-django created."""
    database = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return database._replace(path="/" + settings.DATABASES["default"]["NAME"]).geturl()


def service_env(tmp_path: Path, *, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a service process: the test database, the given Redis, the
    virtualenv's tools first on the PATH; ``extra`` adds to it or overrides it."""
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DATABASE_URL": suite_database_url(),
        "REDIS_URL": redis_url,
        "PYTHONUNBUFFERED": "1",
        "HOME": str(tmp_path),  # gunicorn's control socket goes to ~/.gunicorn/
        # What collectstatic wrote for the suite (the image collects at build time): without
        # it, any page with a stylesheet fails to find its hashed name.
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        **extra,
    }


class Services:
    """Processes started through deploy/start.sh, each in its own process group."""

    def __init__(self, tmp: Path, env: dict[str, str], port: int):
        self.tmp = tmp
        self.env = env
        self.port = port
        self.processes: dict[str, subprocess.Popen] = {}
        self.stopped: set[str] = set()

    def start(self, service: str, *args: str, name: str | None = None) -> subprocess.Popen:
        """Starts ``deploy/start.sh service args…``; ``name`` (the service by default) names
        its log file and is what ``stop`` and ``kill`` take, so a service may run twice."""
        name = name or service
        with (self.tmp / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                [str(START), service, *args],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
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

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"----- {path.stem} -----\n{path.read_text(errors='replace')[-6000:]}"
            for path in sorted(self.tmp.glob("*.log"))
        )

    def check_running(self) -> None:
        for name, process in self.processes.items():
            if name not in self.stopped and process.poll() is not None:
                pytest.fail(f"{name} exited with status {process.returncode}")

    def wait_for(self, what: str, condition: Callable[[], object], timeout: float = 20) -> object:
        """As ``wait_until``, and fails at once when a service has died."""

        def checked() -> object:
            result = condition()
            if not result:
                self.check_running()
            return result

        return wait_until(what, checked, timeout)

    def stop(self, *names: str, timeout: float = 15) -> list[int]:
        """SIGTERM to each main process (a graceful shutdown, all at the same time), SIGKILL
        to the process group of any that hangs; returns the exit statuses."""
        processes = [self.processes[name] for name in names]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for name, process in zip(names, processes, strict=True):
            if name in self.stopped:
                continue
            self.stopped.add(name)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
            # Children a main process may have left behind (gunicorn or pool workers).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        return [process.returncode for process in processes]

    def kill(self, name: str) -> None:
        """SIGKILL to the whole process group at once, as when the machine or the container
        dies: no process gets to clean up, acknowledge or say goodbye."""
        process = self.processes[name]
        self.stopped.add(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)

    @contextlib.contextmanager
    def logs_on_failure(self) -> Iterator[None]:
        """Shows every process's output with a failure ("Captured stdout call")."""
        try:
            yield
        except BaseException:
            print(self.logs())
            raise


class RedisServer:
    """A redis-server of a test's own on a free loopback port, which the test may stop and
    start again. It keeps nothing on disk, so a restart loses every queued message."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    str(self.folder),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        client = redis.Redis.from_url(self.url)

        def answers() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"redis-server exited with status {self.process.returncode}")
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        try:
            wait_until("answer from redis-server", answers, timeout=10)
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
