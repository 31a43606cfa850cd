"""One way to send an email: ``send(name, to, context, language=...)``.

Renders ``templates/emails/<name>-subject.txt``, ``<name>-body.txt`` and ``<name>-body.html``
inside the recipient's language, so a coordinator who chose English gets English mail even when
the sweep that sends it runs in Swedish.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def build(
    name: str,
    to: Sequence[str],
    context: dict,
    *,
    language: str | None = None,
    reply_to: Sequence[str] = (),
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=list(to),
        reply_to=list(reply_to),
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def send(name: str, to: Sequence[str], context: dict, **kwargs) -> None:
    build(name, to, context, **kwargs).send()


def send_on_commit(name: str, to: Sequence[str], context: dict, **kwargs) -> None:
    """Build the message now and send it once the change is committed. Built inside the
    transaction (``message()`` encodes every header and address), a message that cannot be
    built undoes the change instead of leaving a row whose mail never goes; sent after the
    commit, a mail server that fails is logged (``robust``) and never turns a change that was
    made into a 500."""
    message = build(name, to, context, **kwargs)
    message.message()
    transaction.on_commit(message.send, robust=True)
