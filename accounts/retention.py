"""How long the portal keeps what: one list of rules that the daily job applies and the privacy
page (/personuppgifter/) shows, so the page promises exactly what is deleted.

An app registers a rule in its ``personal_data.py`` with :func:`rule`: what is deleted (a
translated phrase), after how long, and a function ``(now) -> int`` that deletes it and says how
many rows went.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import personal_data

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    name: str
    what: str  # lazily translated: what is deleted
    after: str  # lazily translated: after how long
    apply: Callable[[dt.datetime], int]


_RULES: dict[str, Rule] = {}


def rule(name: str, *, what, after) -> Callable:
    def register(func: Callable[[dt.datetime], int]) -> Callable[[dt.datetime], int]:
        _RULES[name] = Rule(name=name, what=what, after=after, apply=func)
        return func

    return register


def rules() -> list[Rule]:
    personal_data.discover()
    return list(_RULES.values())


def retention_apply(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every rule; returns how many rows each deleted. Safe to run at any time."""
    now = now or timezone.now()
    deleted = {}
    for each in rules():
        deleted[each.name] = each.apply(now)
        logger.info("retention %s: %s deleted", each.name, deleted[each.name])
    return deleted


# --- the accounts app's rules -------------------------------------------------------------------

UNCONFIRMED_SIGNUP_DAYS = 30


@rule(
    "unconfirmed_signups",
    what=_("Accounts whose email address was never confirmed"),
    after=_("30 days after the sign-up"),
)
def delete_unconfirmed_signups(now: dt.datetime) -> int:
    """A sign-up whose address was never confirmed never logged in and holds nothing else;
    accounts made by staff (no address row at all) and staff are never touched."""
    from .models import User
    from .services import account_erase

    cutoff = now - dt.timedelta(days=UNCONFIRMED_SIGNUP_DAYS)
    unconfirmed = EmailAddress.objects.filter(verified=False).values("user_id")
    confirmed = EmailAddress.objects.filter(verified=True).values("user_id")
    users = User.objects.filter(
        pk__in=unconfirmed,
        date_joined__lt=cutoff,
        last_login__isnull=True,
        is_staff=False,
    ).exclude(pk__in=confirmed)
    count = 0
    for user in users:
        account_erase(user=user)
        count += 1
    return count


@rule(
    "data_exports",
    what=_("Exports of your personal data"),
    after=_("7 days after they were made"),
)
def delete_expired_exports(now: dt.datetime) -> int:
    from .models import DataExport

    count = 0
    for export in DataExport.objects.filter(expires_at__lte=now):
        with transaction.atomic():
            if export.file:
                default_storage.delete(export.file.name)
            export.delete()
        count += 1
    return count


@rule(
    "ended_sessions",
    what=_("The list of your sessions (browser and IP address)"),
    after=_("when the session ends: at logout, or two weeks after the last visit"),
)
def delete_ended_sessions(now: dt.datetime) -> int:
    Session.objects.filter(expire_date__lt=now).delete()
    live = Session.objects.values("session_key")
    deleted, _per_model = UserSession.objects.exclude(session_key__in=live).delete()
    return deleted
