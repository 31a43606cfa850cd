"""Sending one email so that a crash can neither lose it nor send it twice in practice.

With SMTP the row is marked sent *inside* the SMTP transaction: the message body is transmitted,
then the database commit happens, then the final "." that makes the server accept the message.
A worker killed before the commit leaves the server with an unfinished transaction, which it
discards, and the row still claimed (sent again after the lease); killed after the commit, only
the few bytes of the final dot remain. With the other backends (file, console, memory) the row is
marked after the backend returns.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

CRLF = b"\r\n"


def _quote_periods(data: bytes) -> bytes:
    # RFC 5321 4.5.2: a line starting with "." gets another "."
    lines = data.split(CRLF)
    return CRLF.join(b"." + line if line.startswith(b".") else line for line in lines)


class SmtpSender:
    """One SMTP connection for a batch of messages."""

    def __init__(self) -> None:
        self.connection: smtplib.SMTP | None = None

    def open(self) -> None:
        self.connection = smtplib.SMTP(
            settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT
        )
        # The final "." goes out in a write of its own, after the commit. Nagle's algorithm
        # would hold it back until the server acknowledged the body, which servers delay:
        # some 40 ms on every message.
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if settings.EMAIL_USE_TLS:
            self.connection.starttls(context=ssl.create_default_context())
        if settings.EMAIL_HOST_USER:
            self.connection.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        # send() speaks MAIL/RCPT/DATA itself, which, unlike smtplib's sendmail(), does not
        # greet the server first; servers that follow RFC 5321 refuse MAIL before EHLO (503).
        # After STARTTLS the greeting is repeated, as RFC 3207 asks.
        self.connection.ehlo_or_helo_if_needed()

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None

    def send(self, message: EmailMessage, commit: Callable[[], bool]) -> bool:
        """Send ``message``; ``commit`` marks it sent and returns False if the claim was lost, in
        which case the transaction is abandoned and nothing is delivered."""
        if self.connection is None:
            self.open()
        smtp = self.connection
        sender = message.from_email or settings.DEFAULT_FROM_EMAIL
        code, reply = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        for recipient in message.recipients():
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        code, reply = smtp.docmd("DATA")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        body = message.message().as_bytes(linesep="\r\n")
        body = _quote_periods(body)
        if not body.endswith(CRLF):
            body += CRLF
        smtp.send(body)
        if not commit():
            # Someone else owns the row now: drop this transaction without the final dot.
            smtp.close()
            self.connection = None
            return False
        smtp.send(b"." + CRLF)
        code, reply = smtp.getreply()
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)
        return True


class BackendSender:
    """Django's other backends (file, console, memory): mark after the backend returns."""

    def __init__(self) -> None:
        self.connection = get_connection()

    def open(self) -> None:
        self.connection.open()

    def close(self) -> None:
        self.connection.close()

    def send(self, message: EmailMessage, commit: Callable[[], bool]) -> bool:
        message.connection = self.connection
        message.send()
        return commit()


def sender() -> SmtpSender | BackendSender:
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return SmtpSender()
    return BackendSender()
