from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from fairtrade_portal.validators import validate_sendable_email


@dataclass(frozen=True)
class PortalSite:
    """What allauth's emails call ``current_site``: the portal by its name and public address,
    not the host name a request happened to use ("Hej från 127.0.0.1")."""

    name: str
    domain: str


def on_portal(url: str) -> str:
    """``url`` at the portal's public address (SITE_URL) whatever host the request used: a link
    in an email must not point wherever a forged Host header said."""
    bits = urlsplit(url)
    return settings.SITE_URL + bits.path + (f"?{bits.query}" if bits.query else "")


def portal_site() -> PortalSite:
    domain = urlsplit(settings.SITE_URL).netloc
    return PortalSite(name=_("the Fairtrade City Portal"), domain=domain)


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # Signup and adding an address store the address and then mail it: refuse one that
        # cannot be mailed before anything is stored (the form field refuses it too).
        email = super().clean_email(email)
        try:
            validate_sendable_email(email)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return email

    def save_user(self, request, user, form, commit=True):
        # Emails later go out in the language the person signed up in.
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed logins per address alone, so anyone who knows an address could
        # keep its owner out by failing five times. Counted per address *and* client, brute
        # force from one client is still slowed (and allauth's per-client limit across
        # addresses still holds), while the owner logs in from their own browser, or with a
        # code sent to their address (ACCOUNT_LOGIN_BY_CODE_ENABLED). tests/test_login.py pins
        # this override of allauth's (private) hook.
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth builds the links in its emails (activate_url, password_reset_url, signup_url)
        # from the request's host; they point at SITE_URL instead, like every other email.
        links = {
            key: on_portal(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str) and "://" in value
        }
        super().send_mail(
            template_prefix, email, {**context, **links, "current_site": portal_site()}
        )
