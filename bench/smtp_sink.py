"""A local SMTP server that accepts every message and counts them, in its own process so it
does not share the benchmark's interpreter (and its GIL).

It is lenient in one way, like Postfix's default (``smtpd_helo_required = no``): a client that
sends MAIL without greeting first (HELO/EHLO, RFC 5321 4.1.4) is served anyway, and its messages
are counted separately, so the table shows it. aiosmtpd, like many servers, would refuse them.

The parent talks to it over stdin/stdout: it prints its port once listening, answers each
"count" line with "<accepted> <accepted without greeting>", and stops at the end of stdin.
"""

from __future__ import annotations

import socket
import subprocess
import sys

NO_GREETING = "(no HELO/EHLO)"


class Counter:
    def __init__(self) -> None:
        self.accepted = 0
        self.without_greeting = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.accepted += 1
        if session.host_name == NO_GREETING:
            self.without_greeting += 1
        return "250 Message accepted"


def serve() -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP

    class LenientSMTP(SMTP):
        async def check_helo_needed(self, helo: str = "HELO") -> bool:
            if not self.session.host_name:
                self.session.host_name = NO_GREETING
            return False

    class LenientController(Controller):
        def factory(self):
            return LenientSMTP(self.handler, **self.SMTP_kwargs)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Counter()
    controller = LenientController(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        print(port, flush=True)
        for line in sys.stdin:
            if line.strip() == "count":
                print(handler.accepted, handler.without_greeting, flush=True)
    finally:
        controller.stop()


class SmtpSink:
    """The parent's handle on the server process."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.smtp_sink"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = int(self.process.stdout.readline())

    def count(self) -> tuple[int, int]:
        """Messages accepted so far, and how many of them came without a greeting."""
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        accepted, without_greeting = self.process.stdout.readline().split()
        return int(accepted), int(without_greeting)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


if __name__ == "__main__":
    serve()
