"""Record, dispatch and send reminders. The tasks in ``tasks.py`` only call these."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from fairtrade_portal import emails

from . import registry
from .models import OPTIONAL_KINDS, EmailKind, EmailOptOut, Reminder
from .sending import sender

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def backoff(attempts: int) -> dt.timedelta:
    """2, 4, 8 … minutes after each failed attempt, at most 6 hours."""
    return dt.timedelta(minutes=min(2**attempts, 360))


# --- recording -------------------------------------------------------------------------------


def reminders_record(specs: list[registry.ReminderSpec]) -> int:
    """Write the reminders under their unique keys; existing keys are left alone. Returns how
    many specs were given (two queries whatever their number). Recipients who turned the kind
    off get a row too, marked skipped, so the admin shows why nothing was sent."""
    if not specs:
        return 0
    recipient_ids = {spec.recipient_id for spec in specs if spec.recipient_id}
    opted_out = set(
        EmailOptOut.objects.filter(user_id__in=recipient_ids).values_list("user_id", "kind")
    )
    now = timezone.now()
    rows = [
        Reminder(
            key=spec.key,
            kind=spec.kind,
            template=spec.template,
            recipient_id=spec.recipient_id,
            email=spec.email,
            language=spec.language,
            context=spec.context,
            status=(
                Reminder.Status.SKIPPED
                if (spec.recipient_id, spec.kind) in opted_out
                else Reminder.Status.PENDING
            ),
            next_attempt_at=now,
        )
        for spec in specs
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def notify(specs: list[registry.ReminderSpec]) -> int:
    """Email now, exactly once, what an action caused (a reply to a followed thread, a moved-up
    place on a waiting list): the specs are recorded as reminder rows inside the caller's
    transaction – so they exist only if the action does, and a retried action under the same
    keys sends nothing twice – and sending is queued once the transaction commits. A lost task
    is picked up by the next dispatch, as for every reminder."""
    count = reminders_record(specs)
    if count:
        from .tasks import dispatch_reminders

        transaction.on_commit(dispatch_reminders.delay, robust=True)
    return count


def reminders_sweep(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Ask every registered source what is due today and record it."""
    today = today or timezone.localdate()
    created = 0
    for name, source in registry.sources().items():
        for batch in source(today, batch_size):
            created += reminders_record(batch)
        logger.info("reminder sweep: source %s done", name)
    return created


# --- dispatching and sending -------------------------------------------------------------------


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


def _sendable(now: dt.datetime) -> Q:
    due = Q(status=Reminder.Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    # A row claimed by a worker that died is free again once its lease has run out.
    abandoned = Q(status=Reminder.Status.SENDING, claimed_at__lt=now - lease())
    return due | abandoned


def reminders_sendable_ids(limit: int = 10_000) -> list[int]:
    return list(
        Reminder.objects.filter(_sendable(timezone.now()))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


def _claim(reminder_id: int) -> str | None:
    """Claim one row with a conditional UPDATE: of two workers, exactly one wins."""
    token = secrets.token_hex(8)
    now = timezone.now()
    claimed = Reminder.objects.filter(_sendable(now), pk=reminder_id).update(
        status=Reminder.Status.SENDING, claimed_at=now, claim_token=token
    )
    return token if claimed else None


def _mark_sent(reminder_id: int, token: str) -> bool:
    with transaction.atomic():
        return bool(
            Reminder.objects.filter(
                pk=reminder_id, status=Reminder.Status.SENDING, claim_token=token
            ).update(status=Reminder.Status.SENT, sent_at=timezone.now(), last_error="")
        )


def _mark_failed(reminder: Reminder, token: str, error: Exception) -> None:
    attempts = reminder.attempts + 1
    failed = attempts >= MAX_ATTEMPTS
    # With SMTP the row was marked sent before the final "." – if the server then refused the
    # message, it was not sent after all, and the admin must not show when it was.
    Reminder.objects.filter(pk=reminder.pk, claim_token=token).update(
        status=Reminder.Status.FAILED if failed else Reminder.Status.PENDING,
        sent_at=None,
        attempts=attempts,
        next_attempt_at=None if failed else timezone.now() + backoff(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def unsubscribe_url(user_id: int, kind: str) -> str:
    token = signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("notifications:unsubscribe", kwargs={"token": token})
    return settings.SITE_URL + path


def build_message(reminder: Reminder):
    context = dict(reminder.context)
    headers = {"X-Portal-Reminder": reminder.key}
    if reminder.kind != EmailKind.REQUIRED and reminder.recipient_id:
        url = unsubscribe_url(reminder.recipient_id, reminder.kind)
        context["unsubscribe_url"] = url
        # RFC 8058: mail programs may offer a one-click "unsubscribe" that POSTs to this URL –
        # a narrower one if the email has it (one discussion thread rather than all of them).
        one_click = context.get("list_unsubscribe_url") or url
        headers["List-Unsubscribe"] = f"<{one_click}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = emails.build(
        reminder.template,
        [reminder.email],
        context,
        language=reminder.language,
        headers=headers,
    )
    for filename, content, mimetype in registry.attachments_for(reminder.template, context):
        message.attach(filename, content, mimetype)
    return message


def reminders_send(ids: Iterable[int]) -> int:
    """Send the given reminders that are still sendable; returns how many were sent."""
    sent = 0
    mailer = sender()
    try:
        for reminder_id in ids:
            token = _claim(reminder_id)
            if token is None:
                continue  # sent already, or another worker has it
            reminder = Reminder.objects.get(pk=reminder_id)
            try:
                message = build_message(reminder)
                delivered = mailer.send(
                    message, commit=lambda r=reminder_id, t=token: _mark_sent(r, t)
                )
            except Exception as error:  # noqa: BLE001 - any failure is retried with back-off
                logger.warning("reminder %s failed: %s", reminder.key, error)
                _mark_failed(reminder, token, error)
                mailer.close()
                continue
            sent += int(delivered)
    finally:
        mailer.close()
    return sent


# --- preferences ---------------------------------------------------------------------------------


def offered_kinds() -> list[EmailKind]:
    """The optional kinds some part of the portal sends today (event and follow-up reminders
    appear once their apps register a source)."""
    sent = registry.kinds_sent()
    return [kind for kind in OPTIONAL_KINDS if kind in sent]


def email_preferences_set(*, user, enabled_kinds: Iterable[str]) -> None:
    """Turn on ``enabled_kinds`` and off the other offered kinds; a kind not offered yet keeps
    its setting."""
    enabled = set(enabled_kinds)
    with transaction.atomic():
        for kind in offered_kinds():
            if kind in enabled:
                EmailOptOut.objects.filter(user=user, kind=kind).delete()
            else:
                EmailOptOut.objects.get_or_create(user=user, kind=kind)


def unsubscribe(token: str) -> tuple[int, str] | None:
    """Turn off the kind of email named in a signed unsubscribe token. None if the token is
    not valid."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind = int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if kind not in EmailKind.values or kind == EmailKind.REQUIRED:
        return None
    from accounts.models import User

    if not User.objects.filter(pk=user_id).exists():
        return None
    EmailOptOut.objects.get_or_create(user_id=user_id, kind=kind)
    return user_id, kind


def unsubscribe_target(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        kind = str(data["k"])
        if kind not in EmailKind.values or kind == EmailKind.REQUIRED:
            return None
        return int(data["u"]), kind
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
