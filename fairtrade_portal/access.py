"""Who may use which page: one declaration per URL, enforced where it is declared.

Every view of the project is wrapped in :func:`access`, which states who may GET and who may
POST, and enforces it before the view runs. URLs that belong to Django's admin and to
django-allauth enforce their own rules; they are declared in :data:`PACKAGE_RULES` so that the
whole URL map can be read in one place. :func:`unguarded_urls` lists every URL pattern that has
no declared rule; a system check and a test fail on it, so a new page cannot go live unguarded.
"""

from __future__ import annotations

import enum
import fnmatch
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, get_resolver


class Who(enum.StrEnum):
    PUBLIC = "public"  # anyone, logged in or not
    USER = "user"  # any logged-in user
    MEMBER = "member"  # a member (any role) of the organisation the page belongs to
    COORDINATOR = "coordinator"  # a coordinator of the organisation the page belongs to
    NETWORK = "network"  # a member of the network: see diplomas.selectors.is_network_member
    STAFF = "staff"  # Fairtrade Sverige staff
    NOBODY = "nobody"  # the method is not allowed


@dataclass(frozen=True)
class Rule:
    get: Who
    post: Who = Who.NOBODY
    note: str = ""

    def allowed_methods(self) -> list[str]:
        methods = []
        if self.get is not Who.NOBODY:
            methods += ["GET", "HEAD"]
        if self.post is not Who.NOBODY:
            methods.append("POST")
        return methods


def _check(request: HttpRequest, who: Who) -> HttpResponse | None:
    """Return a response that refuses the request, or None to let it through.

    MEMBER and COORDINATOR are checked here as far as "logged in"; the view then fetches the
    organisation's object through a selector that answers 404 to anyone outside it.
    """
    if who is Who.PUBLIC:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if who is Who.STAFF and not request.user.is_staff:
        raise PermissionDenied
    if who is Who.NETWORK:
        from diplomas.selectors import is_network_member

        if not is_network_member(request.user):
            # Logged in but outside the network: say how to get in, not just "no".
            from django.conf import settings

            return render(
                request,
                "network/members_only.html",
                {"staff_email": settings.STAFF_EMAIL},
                status=403,
            )
    return None


def refusal(request: HttpRequest, who: Who) -> HttpResponse | None:
    """The response that refuses this request under ``who``, or None to let it through: the
    same check as :func:`access`, for a page whose rule depends on the object it shows (a
    members-only news item on a page declared PUBLIC). Raises PermissionDenied for STAFF."""
    return _check(request, who)


def _not_allowed(request: HttpRequest, rule: Rule) -> HttpResponse:
    """405 with the Allow header, and a page that says what to do (a button re-sent as a link,
    say)."""
    response = render(request, "405.html", status=405)
    response["Allow"] = ", ".join(rule.allowed_methods())
    return response


def access(get: Who, post: Who = Who.NOBODY, *, note: str = "") -> Callable:
    """Declare and enforce who may GET (and HEAD) and who may POST a view."""
    rule = Rule(get=get, post=post, note=note)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                who = rule.get
            elif request.method == "POST":
                who = rule.post
            else:
                who = Who.NOBODY
            if who is Who.NOBODY:
                return _not_allowed(request, rule)
            refusal = _check(request, who)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule  # type: ignore[attr-defined]
        return wrapped

    return decorator


# URLs whose views come from Django or django-allauth and guard themselves. Matched against
# the URL name (with its namespace) by shell-style patterns.
PACKAGE_RULES: dict[str, Rule] = {
    "admin:*": Rule(
        Who.STAFF,
        Who.STAFF,
        note="Django admin: checks is_staff itself; its login goes through allauth "
        "(rate limits, two-factor) and staff must have two-factor turned on",
    ),
    "account_login": Rule(Who.PUBLIC, Who.PUBLIC),
    "account_signup": Rule(Who.PUBLIC, Who.PUBLIC),
    "account_confirm_email": Rule(Who.PUBLIC, Who.PUBLIC, note="needs the emailed key"),
    "account_email_verification_sent": Rule(Who.PUBLIC),
    "account_inactive": Rule(Who.PUBLIC),
    "account_reset_password": Rule(Who.PUBLIC, Who.PUBLIC),
    "account_reset_password_done": Rule(Who.PUBLIC),
    "account_reset_password_from_key": Rule(Who.PUBLIC, Who.PUBLIC, note="needs the emailed key"),
    "account_reset_password_from_key_done": Rule(Who.PUBLIC),
    "account_logout": Rule(Who.USER, Who.USER),
    "account_email": Rule(Who.USER, Who.USER),
    "account_change_password": Rule(Who.USER, Who.USER),
    "account_set_password": Rule(Who.USER, Who.USER),
    "account_reauthenticate": Rule(Who.USER, Who.USER),
    "account_request_login_code": Rule(
        Who.PUBLIC, Who.PUBLIC, note="login by emailed code; off unless enabled in settings"
    ),
    "account_confirm_login_code": Rule(Who.PUBLIC, Who.PUBLIC, note="needs the emailed code"),
    "mfa_authenticate": Rule(
        Who.PUBLIC, Who.PUBLIC, note="second login stage; only with a pending login"
    ),
    "mfa_reauthenticate": Rule(Who.USER, Who.USER),
    "mfa_index": Rule(Who.USER),
    "mfa_activate_totp": Rule(Who.USER, Who.USER),
    "mfa_deactivate_totp": Rule(Who.USER, Who.USER),
    "mfa_view_recovery_codes": Rule(Who.USER),
    "mfa_generate_recovery_codes": Rule(Who.USER, Who.USER),
    "mfa_download_recovery_codes": Rule(Who.USER),
    "usersessions_list": Rule(
        Who.USER,
        Who.USER,
        note="allauth's list of sessions; Mitt konto links the portal's own (/konto/sessioner/), "
        "which also ends a single session",
    ),
}


@dataclass(frozen=True)
class DeclaredURL:
    route: str
    name: str
    rule: Rule | None


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Callable]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            # An unnamed pattern is still matched by its namespace ("admin:<unnamed>").
            name = f"{namespace}{pattern.name or '<unnamed>'}"
            yield route, name, pattern.callback


def rule_for(name: str, callback: Callable) -> Rule | None:
    rule = getattr(callback, "access_rule", None)
    if rule is not None:
        return rule
    for pattern, package_rule in PACKAGE_RULES.items():
        if fnmatch.fnmatchcase(name, pattern):
            return package_rule
    return None


def declared_urls(urlconf: str | None = None) -> list[DeclaredURL]:
    resolver = get_resolver(urlconf)
    return [
        DeclaredURL(route=route, name=name, rule=rule_for(name, callback))
        for route, name, callback in _walk(resolver.url_patterns)
    ]


def unguarded_urls(urlconf: str | None = None) -> list[str]:
    """Every URL pattern without a declared rule, as 'route (name)'."""
    return [f"{url.route} ({url.name})" for url in declared_urls(urlconf) if url.rule is None]
