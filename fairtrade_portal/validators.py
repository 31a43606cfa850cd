"""Input classes every form refuses or cleans, in one place (issue 8).

- ``validate_sendable_email``: an address the portal can really send mail to.
- ``validate_sensible_date``: a date someone means (2000-01-01 … today + 5 years).
- ``remove_control_characters``: text without C0/C1 control characters (line breaks and tabs
  kept), which no HTML page may contain.

``fairtrade_portal.inputs.install`` applies them to every form field of their kind – the
portal's, django-allauth's and the admin's – so a new form gets them without asking.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.encoding import punycode
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# SMTP limits an address to 254 octets once the domain is punycode (RFC 5321 4.5.3.1.3).
MAX_EMAIL_OCTETS = 254


def validate_sendable_email(value: str) -> None:
    """Refuse an address that Django's mail (``django.core.mail.message.sanitize_address``)
    cannot put into an SMTP envelope. Django's ``EmailValidator`` accepts any letters in a
    domain label up to 63 characters, but IDNA encodes each label to at most 63 ASCII octets:
    ``fuzz@`` + 63 × ``ä`` + ``.se`` passes it, and sending then raises ``UnicodeError``. (A
    non-ASCII local part, which Django would RFC 2047-encode into an address that does not
    exist – the portal's SMTP has no SMTPUTF8 –, is already refused by ``EmailValidator``.)"""
    if not value or "@" not in value:
        return  # EmailValidator says what is wrong with it
    local, _at, domain = value.rpartition("@")
    try:
        ascii_domain = punycode(domain)
    except UnicodeError:
        raise ValidationError(
            _(
                "Mail cannot be sent to this address: the part after the @ is not a domain name "
                "that mail can reach (each part between dots may be at most 63 characters when "
                "encoded). Check the address."
            ),
            code="email_domain",
        ) from None
    if len(local) + 1 + len(ascii_domain) > MAX_EMAIL_OCTETS:
        raise ValidationError(
            _("Mail cannot be sent to this address: it is too long. Check the address."),
            code="email_length",
        )


# --- dates -----------------------------------------------------------------------------------

# The network began after 2000 (Malmö, the first Swedish Fairtrade City, 2006), and nothing is
# planned more than five years ahead: outside that range a date is a slip (year 9999, year 1),
# counts in no report year, and breaks the admin's date filter.
FIRST_SENSIBLE_DATE = dt.date(2000, 1, 1)
YEARS_AHEAD = 5


def last_sensible_date() -> dt.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def validate_sensible_date(value: dt.date | dt.datetime | None) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    last = last_sensible_date()
    if not FIRST_SENSIBLE_DATE <= day <= last:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_range",
            params={
                "first": date_format(FIRST_SENSIBLE_DATE, "DATE_FORMAT"),
                "last": date_format(last, "DATE_FORMAT"),
            },
        )


# --- control characters ----------------------------------------------------------------------

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; and the Unicode
# noncharacters. HTML forbids them all in a page ("U+000B" from Word is the common case).
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
# Vertical tab, form feed and NEL are how Word and PDFs break lines: in a text of several lines
# they become line breaks, in a one-line field spaces.
_LINE_BREAKS = re.compile("[\x0b\x0c\x85]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def remove_control_characters(text: str, *, multiline: bool = True) -> str:
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n" if multiline else " ", text))


# What a database finds control characters with (PostgreSQL's regular expressions and SQLite's,
# which Django runs through Python's ``re``): the same class, without NUL, which PostgreSQL text
# cannot hold and a query cannot contain.
STORED_CONTROL_PATTERN = _CONTROL.pattern.replace("\x00-", "\x01-")


def clean_stored_text(app_label: str):
    """A data migration's function: remove control characters from every text column of the
    app's models (``RunPython(clean_stored_text("diplomas"), RunPython.noop)``). One query per
    model finds the rows; only those are rewritten."""
    from django.db import models
    from django.db.models import Q

    def run(apps, schema_editor) -> None:
        for model in apps.get_app_config(app_label).get_models():
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField) and not field.primary_key
            ]
            if not fields:
                continue
            found = Q()
            for field in fields:
                found |= Q(**{f"{field.attname}__regex": STORED_CONTROL_PATTERN})
            rows = model._base_manager.filter(found).only("pk", *[f.attname for f in fields])
            for row in rows.iterator():
                changes = {
                    field.attname: remove_control_characters(
                        value, multiline=isinstance(field, models.TextField)
                    )
                    for field in fields
                    if isinstance(value := getattr(row, field.attname), str)
                    and has_control_characters(value)
                }
                if changes:
                    model._base_manager.filter(pk=row.pk).update(**changes)

    return run
