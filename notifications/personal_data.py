"""The notifications app's share of a person's export and erasure (accounts/personal_data.py),
and how long reminders are kept."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Part, eraser, exporter, iso, stored
from accounts.retention import rule

from .models import EmailOptOut, Reminder
from .services import offered_kinds

REMINDER_YEARS = 2


@exporter("email")
def export_email(user) -> Part:
    turned_off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return Part(
        data={
            "email_choices": [
                {"kind": kind.value, "label": str(kind.label), "on": kind.value not in turned_off}
                for kind in offered_kinds()
            ],
            "turned_off": sorted(turned_off),
            "reminders": [
                {
                    "kind": r.kind,
                    "email": r.template,
                    "to": r.email,
                    "status": r.status,
                    "recorded_at": iso(r.created_at),
                    "sent_at": iso(r.sent_at),
                }
                for r in Reminder.objects.filter(recipient=user).order_by("created_at", "id")
            ],
        }
    )


@eraser("email")
def erase_email(user, *, former_member) -> None:
    # Rows for the account go with it (CASCADE); these were sent to the address alone.
    Reminder.objects.filter(email__iexact=user.email).delete()


@rule(
    "reminders",
    what=_("Reminders sent to you (what, to which address, when)"),
    after=_("2 years after they were sent"),
)
def delete_old_reminders(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=365 * REMINDER_YEARS)
    deleted, _per_model = Reminder.objects.filter(created_at__lt=cutoff).delete()
    return deleted


stored(
    "email",
    _(
        "Reminders sent to you and the kinds of email you turned off – so that each reminder is "
        "sent once and only those you want."
    ),
    order=50,
)
