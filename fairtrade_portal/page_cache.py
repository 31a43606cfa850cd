"""Public pages for anonymous visitors, served from the shared cache.

A page is stored under a key made of its absolute URL (scheme, host, path and query), the
language, the day and the *data version*: a token in the cache that every change to the data the
public pages show replaces (:func:`data_changed`, after the change is committed). A stored page
is never served after a change, and nothing waits for a timeout: the old pages are simply never
asked for again (Redis evicts them as memory fills; they carry a day's timeout only so that they
do not pile up).

A page is served from the cache, and stored in it, only for a request that cannot be anyone's in
particular: a GET or HEAD without a session cookie (so nobody is logged in, and no flash message
or pending login waits in a session) and without the messages cookie. A response is stored only
when it is a 200 that sets no cookie, used no CSRF token (a page with a form is never shared),
left the session untouched and queued no message. Everything the middleware after this one adds
to a response (CSP, Permissions-Policy, X-Frame-Options, Vary) is added again on every hit: the
CSP has no nonce (no inline script or style anywhere, settings.CONTENT_SECURITY_POLICY), so a
stored body is as valid under the header of any later response.

The pages are named in settings.PAGE_CACHE_VIEWS (URL names); the models whose rows they show
in PAGE_DATA_MODELS, whose saves and deletes bump the version too, as a safety net under the
services (the admin's plain edits, say). The services call :func:`data_changed` themselves, also
where they write with ``update()`` or ``bulk_create()``, which send no signal.
"""

from __future__ import annotations

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

VERSION_KEY = "page-cache:version"
PAGE_KEY_PREFIX = "page-cache:page"
# Stored pages of an old version are never read again; this only lets them go eventually.
PAGE_TIMEOUT_SECONDS = 24 * 60 * 60

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
    """A request that no person's state can shape: anonymous, no session, no flash messages."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def may_store(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    # get_token() was called: the page carries a CSRF token, which is this visitor's own.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def page_key(request: HttpRequest, *, per_minute: bool = False) -> str:
    now = timezone.localtime()
    # The day is in every key: pages that count "this year" or list what is still to come
    # turn over at midnight. The front page lists the next events, so it turns over each minute.
    moment = now.strftime("%Y-%m-%dT%H:%M" if per_minute else "%Y-%m-%d")
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"{PAGE_KEY_PREFIX}:{data_version()}:{translation.get_language()}:{moment}:{digest}"


def _freeze(response: HttpResponse) -> tuple[int, bytes, list[tuple[str, str]]]:
    return response.status_code, response.content, list(response.headers.items())


def _thaw(stored) -> HttpResponse:
    status, content, headers = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


class PublicPageCacheMiddleware:
    """Serves and stores the pages of settings.PAGE_CACHE_VIEWS for anonymous visitors.
    Placed after the session, authentication and messages middleware (it reads what they set)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE_ENABLED or not may_use_cache(request):
            return None
        match = request.resolver_match
        name = match.view_name if match else None
        if name not in settings.PAGE_CACHE_VIEWS:
            return None
        key = page_key(request, per_minute=name in settings.PAGE_CACHE_PER_MINUTE)
        stored = _cache().get(key)
        if stored is not None:
            response = _thaw(stored)
            response["X-Page-Cache"] = "hit"
            return response
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if may_store(request, response):
            _cache().set(key, _freeze(response), timeout=PAGE_TIMEOUT_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
