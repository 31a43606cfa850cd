"""Public pages for anonymous visitors, served from the shared cache.

A page is stored under a key made of its absolute URL (scheme, host, path and query) and its
language; with it are stored the *data version* it was made from and the day (or, for a page
that lists what is still to come, the minute). The data version is a token in the cache that
every change to the data the public pages show replaces (:func:`data_changed`, after the change
is committed). A stored page is served only while its version is the current one and its day
(minute) is today's: after a change nothing waits for a timeout; the old page is simply never
served again (it carries a day's timeout only so that old pages do not pile up).

The middleware stands near the top of the stack, right after the security headers, WhiteNoise
and the CSP: a hit is one cache read (``get_many`` of the version and the page: one Redis round
trip) and skips the session, locale, CSRF, authentication, messages and the portal's own
middleware, the URL resolver and the view. A request may be served from the cache only when it
cannot be anyone's in particular: a GET or HEAD without a session cookie (so nobody is logged
in, and no flash message or pending login waits in a session) and without the messages cookie.
What the view and the inner middleware made (their headers included: X-Frame-Options, Vary,
Content-Language) is stored on the way out, and only when the view is one of
settings.PAGE_CACHE_VIEWS (URL names), the visitor turned out anonymous, and the response is a
200 that sets no cookie but the CSRF one, left the session untouched and queued no message.
Everything the outer middleware adds (the CSP, Permissions-Policy, the security headers) is
added again on every hit: the CSP has no nonce (no inline script or style anywhere,
settings.CONTENT_SECURITY_POLICY), so a stored body is as valid under the header of any later
response.

A page with a form (a handbook chapter's "Was this page useful?") carries the visitor's own CSRF
token. It is stored with a mark where the token stood, and each hit puts its own visitor's token
there, through Django's CSRF middleware (the visitor's cookie, or a new one that the response
sets): nobody is ever served another person's token. A page whose token stands anywhere but in
Django's hidden form field is not stored.

The models whose rows the pages show are in PAGE_DATA_MODELS; their saves and deletes bump the
version too, as a safety net under the services (the admin's plain edits, say). The services
call :func:`data_changed` themselves, also where they write with ``update()`` or
``bulk_create()``, which send no signal.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from .recent import Recent

VERSION_KEY = "page-cache:version"
PAGE_KEY_PREFIX = "page-cache:page"
# Stored pages of an old version are never read again; this only lets them go eventually.
PAGE_TIMEOUT_SECONDS = 24 * 60 * 60
# Where a stored page had the visitor's CSRF token; each hit puts its own visitor's there.
TOKEN_MARK = b"\x00page-cache-csrf-token\x00"
_HIDDEN_TOKEN = re.compile(
    rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(">)'
)
_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

# Rows of these models are shown on the public pages (app_label.ModelName).
PAGE_DATA_MODELS = (
    "diplomas.County",
    "diplomas.Organisation",
    "diplomas.Diploma",
    "diplomas.DiplomaStatusChange",
    "diplomas.CriteriaSet",
    "diplomas.Criterion",
    "diplomas.CriterionThreshold",
    "diplomas.FeeTier",
    "diplomas.Submission",
    "diplomas.GroupMember",
    "network.NewsItem",
    "network.HandbookChapter",
    "network.HandbookRender",  # the PDF link on the handbook page, written by the worker
    "network.Event",
    "network.Registration",  # an event's places taken
    "procurement.Category",  # the risk categories and the requirement library
    "procurement.RiskCell",
    "procurement.Reference",
    "procurement.Requirement",
    "procurement.RequirementVersion",
    "procurement.Figure",  # the national aggregate, and the profile's published figures
    "procurement.Goal",
    "procurement.FigurePublication",
)


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def data_version() -> str:
    """The current data version: a random token, made when there is none yet."""
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    _cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def data_changed() -> None:
    """Every public page shows the change on the next request: a new data version once the
    current transaction commits (at once outside a transaction). Before the commit another
    request would still read the old rows and store them under the new version."""
    transaction.on_commit(_bump)


def _on_model_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: no services, nothing served from it yet
        return
    data_changed()


def connect_signals() -> None:
    for label in PAGE_DATA_MODELS:
        model = apps.get_model(label)
        post_save.connect(_on_model_change, sender=model, dispatch_uid=f"page-cache-{label}")
        post_delete.connect(_on_model_change, sender=model, dispatch_uid=f"page-cache-{label}-del")


def may_use_cache(request: HttpRequest) -> bool:
    """A request that no person's state can shape, as far as its cookies tell: no session (so
    nobody is logged in), no flash messages. Checked before the session is even read."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return CookieStorage.cookie_name not in request.COOKIES


def _page_language(request: HttpRequest) -> str:
    # The pages are under i18n_patterns without a prefix for Swedish: the path is the language.
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def page_key(request: HttpRequest) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"{PAGE_KEY_PREFIX}:{_page_language(request)}:{digest}"


def _moment(per_minute: bool) -> str:
    # Pages that count "this year" or list what is still to come turn over at midnight; the
    # front page lists the next events, so it turns over each minute.
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M" if per_minute else "%Y-%m-%d")


class Stored(NamedTuple):
    version: str
    moment: str
    per_minute: bool
    status: int
    content: bytes  # with TOKEN_MARK where the visitor's CSRF token goes, when has_token
    headers: list[tuple[str, str]]
    has_token: bool
    body_key: str = ""  # a large page: content is empty, the body is stored under this key
    # A response made from something stored already (replay_later): how to make it again.
    replay: tuple = ()


# A page this large (the map of 10 000 organisations is 1.5 MB) is stored in two parts: the
# entry read on every request, and the body under a digest of its bytes, which each process
# keeps a copy of (fairtrade_portal.recent): a hit then reads a few hundred bytes from Redis.
LARGE_PAGE_BYTES = 64 * 1024
BODY_KEY_PREFIX = "page-cache:body"
_BODIES: Recent[bytes] = Recent(8)


def _store(key: str, stored: Stored) -> None:
    cache = _cache()
    if len(stored.content) >= LARGE_PAGE_BYTES:
        digest = hashlib.sha256(stored.content).hexdigest()[:32]
        body_key = f"{BODY_KEY_PREFIX}:{digest}"
        cache.set(body_key, stored.content, timeout=PAGE_TIMEOUT_SECONDS)
        _BODIES.put(body_key, stored.content)
        stored = stored._replace(content=b"", body_key=body_key)
    cache.set(key, stored, timeout=PAGE_TIMEOUT_SECONDS)


def _body(stored: Stored) -> bytes | None:
    """The stored page's bytes; None when a large page's body is gone from the cache."""
    if not stored.body_key:
        return stored.content
    return _BODIES.get(stored.body_key, lambda: _cache().get(stored.body_key))


@dataclass
class _Pending:
    """What a request that may be stored carries from the way in to the way out."""

    key: str
    version: str
    language: str
    view: str | None = None  # set by process_view: a page of PAGE_CACHE_VIEWS, anonymous
    replay: tuple = ()  # set by replay_later


def replay_later(request: HttpRequest, replay: str, *args) -> None:
    """For a response made from bytes stored already (the open data's exports, which answer
    gzip and conditional GETs per request): the page cache stores not the bytes but how to
    answer again, ``replay(request, *args)`` (a dotted path), under the page's key and data
    version. A hit calls it from the top of the stack; when it answers None (what it reads is
    gone from the cache) the request goes down the stack as usual."""
    pending = getattr(request, "_page_cache", None)
    if pending is not None:
        pending.replay = (replay, args)


# What a replayed response makes itself; every other header of the first answer (Vary,
# Content-Language, X-Frame-Options) is stored and added to each replay.
_REPRESENTATION_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "content-encoding",
        "content-disposition",
        "etag",
        "last-modified",
        "vary",
    }
)


def request_version(request: HttpRequest) -> str:
    """The data version as this request first read it (what it builds is stored under it)."""
    pending = getattr(request, "_page_cache", None)
    return pending.version if pending is not None else data_version()


def _read(key: str) -> tuple[str, Stored | None]:
    found = _cache().get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or data_version()
    return version, found.get(key)


def _with_token_mark(request: HttpRequest, content: bytes) -> bytes | None:
    """The page with TOKEN_MARK for each CSRF token, or None when a token stands anywhere
    but in Django's hidden form field (it would be served to others)."""
    marked, count = _HIDDEN_TOKEN.subn(lambda m: m[1] + TOKEN_MARK + m[2], content)
    if not count:
        return None
    secret = request.META.get("CSRF_COOKIE")
    for candidate in _TOKEN_LIKE.findall(marked):
        if secret is None or _unmask_cipher_token(candidate.decode()) == secret:
            return None
    return marked


def _freeze(request: HttpRequest, response: HttpResponse, pending: _Pending) -> Stored | None:
    if pending.replay and response.status_code in (200, 304) and not response.cookies:
        headers = [
            (k, v) for k, v in response.headers.items() if k.lower() not in _REPRESENTATION_HEADERS
        ]
        vary = response.get("Vary", "")
        headers += [("Vary", vary)] if vary else []
        return Stored(
            pending.version, _moment(False), False, 200, b"", headers, False, "", pending.replay
        )
    if response.status_code != 200 or response.streaming:
        return None
    # Only the CSRF cookie, from a page with a form: the token is put back per visitor.
    has_token = settings.CSRF_COOKIE_NAME in response.cookies
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return None
    if translation.get_language() != pending.language:
        return None
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return None
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return None
    content = response.content
    if has_token and (content := _with_token_mark(request, content)) is None:
        return None
    per_minute = pending.view in settings.PAGE_CACHE_PER_MINUTE
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    return Stored(
        pending.version, _moment(per_minute), per_minute, 200, content, headers, has_token
    )


def _thaw(stored: Stored, content: bytes) -> HttpResponse:
    response = HttpResponse(content, status=stored.status)
    for name, value in stored.headers:
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(content))
    response.headers["X-Page-Cache"] = "hit"
    return response


def _replay(request: HttpRequest, stored: Stored) -> HttpResponse | None:
    path, args = stored.replay
    response = import_string(path)(request, *args)
    if response is None:
        return None
    for name, value in stored.headers:
        if name.lower() == "vary":
            patch_vary_headers(response, [part.strip() for part in value.split(",")])
        else:
            response.headers.setdefault(name, value)
    response.headers["X-Page-Cache"] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Serves and stores the pages of settings.PAGE_CACHE_VIEWS for anonymous visitors. Placed
    right after the CSP middleware: a hit skips everything below it (see the module's text)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's own CSRF handling for a stored page with a form: the visitor's cookie read
        # on the way in, a new one set on the way out when there was none.
        self._with_token = CsrfViewMiddleware(self._serve_with_token)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_ENABLED or not may_use_cache(request):
            return self.get_response(request)
        try:
            key = page_key(request)
        except DisallowedHost:  # answered 400 below, as for any request
            return self.get_response(request)
        version, stored = _read(key)
        if (
            stored is not None
            and stored.version == version
            and stored.moment == _moment(stored.per_minute)
            and (content := _body(stored)) is not None
        ):
            if stored.replay and (replayed := _replay(request, stored)) is not None:
                return replayed
            if stored.has_token:
                request._page_cache_hit = (stored, content)
                return self._with_token(request)
            return _thaw(stored, content)
        pending = request._page_cache = _Pending(key, version, _page_language(request))
        response = self.get_response(request)
        if pending.view is not None and (frozen := _freeze(request, response, pending)):
            _store(key, frozen)
            response["X-Page-Cache"] = "miss"
        return response

    def _serve_with_token(self, request: HttpRequest) -> HttpResponse:
        stored, content = request._page_cache_hit
        return _thaw(stored, content.replace(TOKEN_MARK, get_token(request).encode()))

    def process_view(self, request, view_func, view_args, view_kwargs):
        pending = getattr(request, "_page_cache", None)
        if pending is None:
            return None
        match = request.resolver_match
        name = match.view_name if match else None
        user = getattr(request, "user", None)
        if name in settings.PAGE_CACHE_VIEWS and (user is None or not user.is_authenticated):
            pending.view = name
        return None
