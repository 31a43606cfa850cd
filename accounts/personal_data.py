"""What the portal holds about a person, gathered from every app that holds some.

An app that keeps personal data adds a module ``personal_data.py`` that registers
- an **exporter** ``(user) -> Part``: its share of the person's export (JSON data and the files
  they uploaded), and
- if needed, an **eraser** ``(user, *, former_member) -> None``: what it must do before the
  account is deleted (delete what is only the person's, hand what stays with the organisation to
  the *former member*).

The exporter (:func:`accounts.services.data_export_build`) and the erasure
(:func:`accounts.services.account_erase`) call every registered function and know no app's
models; a later app (posts, event registrations) registers its own part and needs no change
here. The modules are found like ``admin.py``: :func:`discover` imports ``personal_data`` of
every installed app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


@dataclass
class Part:
    """One app's share of an export: ``data`` is JSON (dates as ISO strings), ``files`` are
    ``(path in the archive, name in the default storage)``."""

    data: dict
    files: list[tuple[str, str]] = field(default_factory=list)


Exporter = Callable[..., Part]
_STORED: dict[str, tuple[int, Promise | str]] = {}
Eraser = Callable[..., None]
_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}
_discovered = False


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Register ``name``'s share of the export; ``name`` is its key in ``data.json``."""

    def register(func: Exporter) -> Exporter:
        _EXPORTERS[name] = func
        return func

    return register


def eraser(name: str) -> Callable[[Eraser], Eraser]:
    """Register what ``name`` does when an account is erased, before it is deleted."""

    def register(func: Eraser) -> Eraser:
        _ERASERS[name] = func
        return func

    return register


def stored(name: str, text: Promise | str, *, order: int = 100) -> None:
    """Say on the privacy page (``/personuppgifter/``) what ``name`` keeps about people and why,
    in one translated sentence. Every app that registers an exporter says it here too, so the
    page lists what the portal actually stores; ``order`` places it in the list."""
    _STORED[name] = (order, text)


def stored_items() -> list[Promise | str]:
    """What the privacy page lists, in order."""
    discover()
    return [text for _order, text in sorted(_STORED.values(), key=lambda item: item[0])]


def discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True


def exporters() -> dict[str, Exporter]:
    discover()
    return dict(_EXPORTERS)


def erasers() -> dict[str, Eraser]:
    discover()
    return dict(_ERASERS)


def iso(value) -> str | None:
    """A date or time as ISO 8601 text for data.json, None stays None."""
    return value.isoformat() if value is not None else None


# --- the accounts app's own part ------------------------------------------------------------


@exporter("account")
def export_account(user) -> Part:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    return Part(
        data={
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "is_staff": user.is_staff,
            "is_active": user.is_active,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "two_factor_methods": [
                {
                    "type": a.type,
                    "created_at": iso(a.created_at),
                    "last_used_at": iso(a.last_used_at),
                }
                for a in Authenticator.objects.filter(user=user).order_by("id")
            ],
            "sessions": [
                {
                    "started": iso(s.created_at),
                    "last_seen": iso(s.last_seen_at),
                    "ip_address": s.ip,
                    "browser": s.user_agent,
                }
                for s in UserSession.objects.filter(user=user).order_by("created_at")
            ],
        }
    )


@eraser("account")
def erase_account(user, *, former_member) -> None:
    from django.core.files.storage import default_storage

    for export in user.data_exports.exclude(file=""):
        default_storage.delete(export.file.name)


# What belongs to no app but the portal itself: the account, its sessions, the contact page.
stored(
    "account",
    _(
        "Your account: email address, name, language, when you signed up and last logged in, "
        "and your two-factor method – so that you can log in and get email in your language."
    ),
    order=10,
)
stored(
    "sessions",
    _(
        "Your sessions: the browser, IP address and times of each login – so that you can see "
        "where you are logged in and end a session, and for security."
    ),
    order=60,
)
stored(
    "contact",
    _(
        "Messages sent through the contact page are emailed to Fairtrade Sverige and not stored "
        "in the portal."
    ),
    order=1000,
)
