from __future__ import annotations

import datetime as dt
import functools
import os

import redis
from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from diplomas.selectors import is_network_member
from network.selectors.events import upcoming_public_events
from network.selectors.news import latest_public_news
from network.selectors.whats_new import whats_new
from network.views.events import event_cards
from network.views.news import news_cards

from .access import Who, access
from .forms import ContactForm
from .tasks import send_contact_message


@access(get=Who.PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """The public front page: the three latest public news items and the next three public
    events; for a member of the network also what is new since their last visit."""
    context = {
        "latest_news": news_cards(latest_public_news(3)),
        "upcoming_events": event_cards(upcoming_public_events(3)),
    }
    if is_network_member(request.user):
        since = dt.datetime.fromtimestamp(getattr(request, "new_since", 0) or 0, tz=dt.UTC)
        context["whats_new"] = whats_new(request.user, since)
        context["new_since"] = since
    return render(request, "portal/home.html", context)


@access(get=Who.PUBLIC)
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@access(get=Who.PUBLIC)
def privacy(request: HttpRequest) -> HttpResponse:
    """What the portal stores about people, why, how long and who to ask (GDPR art. 13)."""
    from accounts.personal_data import stored_items
    from accounts.retention import rules

    return render(
        request,
        "portal/privacy.html",
        {
            "stored": stored_items(),
            "retention_rules": rules(),
            "staff_email": settings.STAFF_EMAIL,
        },
    )


@access(get=Who.PUBLIC, post=Who.PUBLIC)
def contact(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            send_contact_message.delay_on_commit(**form.cleaned_data)
            messages.success(request, _("Thank you! Your message has been sent."))
            return redirect("contact")
    else:
        initial = {}
        if request.user.is_authenticated:
            initial = {"email": request.user.email, "name": request.user.name}
        form = ContactForm(initial=initial)
    return render(request, "portal/contact.html", {"form": form})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


@functools.cache
def _broker_client(url: str) -> redis.Redis:
    # One client (and its connection pool) per process: a health check asks over a connection
    # already open, and a broken one is dropped by the pool and made anew on the next check.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    if settings.REDIS_URL:
        try:
            return "ok" if _broker_client(settings.REDIS_URL).ping() else "unreachable"
        except redis.RedisError:
            return "unreachable"
    # The quick start's filesystem broker: it is reachable when its folder takes new tasks.
    queue = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"]
    return "ok" if os.path.isdir(queue) and os.access(queue, os.W_OK | os.X_OK) else "unreachable"


@never_cache
@access(get=Who.PUBLIC, note="for load balancers and monitoring; reveals no data")
def healthz(request: HttpRequest) -> JsonResponse:
    database = "ok" if _database_ok() else "unreachable"
    broker = _broker_status()
    healthy = database == "ok" and broker in ("ok", "in-process")
    return JsonResponse({"database": database, "broker": broker}, status=200 if healthy else 503)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token – most often a page left open past the session,
    or cookies turned off. Said plainly, in the reader's language, with what to do."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)
