"""Monitoring: import entries of the RSS/Atom feeds staff configure, as drafts.

A feed is outside input. The fetch (``fetch_feed``, the network edge tests replace) takes only
http(s) addresses of public hosts, gives up after ``FETCH_TIMEOUT`` seconds and reads at most
``MAX_FEED_BYTES``. Whatever goes wrong with one feed is logged, kept as its ``last_error``
and the next feed is fetched. Imported text is stripped of all HTML: the list shows it as
plain text, escaped again by the template.
"""

from __future__ import annotations

import datetime as dt
import html
import ipaddress
import logging
import socket
import urllib.request
from urllib.parse import urlsplit

import feedparser
import nh3
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import MonitoringFeed, MonitoringItem

log = logging.getLogger(__name__)

FETCH_TIMEOUT = 10  # seconds
MAX_FEED_BYTES = 2 * 1024 * 1024  # a news feed is tens of kilobytes; 2 MB is generous
MAX_ENTRIES = 100  # per fetch: a feed that suddenly holds thousands is not a news feed


class FeedError(Exception):
    """A feed that cannot be used; the message is shown to staff as the feed's last error."""


def _check_address(url: str, *, allow_private: bool) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FeedError(_("The feed address is not valid.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(_("Only http and https addresses can be fetched."))
    if allow_private:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port or 80)}
    except (socket.gaierror, UnicodeError) as error:
        raise FeedError(_("The host name does not resolve: %(e)s") % {"e": error}) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise FeedError(_("The address points into a private network; it is not fetched."))


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_address(newurl, allow_private=self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_feed(url: str, *, allow_private: bool = False) -> bytes:
    """The feed's bytes (at most MAX_FEED_BYTES), or FeedError."""
    _check_address(url, allow_private=allow_private)
    opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
    # The scheme is checked above: http and https only.
    request = urllib.request.Request(url, headers={"User-Agent": "FairtradeCityPortal/1.0"})  # noqa: S310
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            body = response.read(MAX_FEED_BYTES + 1)
    except FeedError:
        raise
    except (OSError, ValueError) as error:
        raise FeedError(_("The feed could not be fetched: %(e)s") % {"e": error}) from None
    if len(body) > MAX_FEED_BYTES:
        raise FeedError(
            _("The feed is larger than %(max)s bytes; it is skipped.") % {"max": MAX_FEED_BYTES}
        )
    return body


def plain_text(value: str, limit: int) -> str:
    """All HTML removed (script and style contents too), entities decoded, spaces collapsed."""
    text = html.unescape(nh3.clean(value or "", tags=set()))
    return " ".join(text.split())[:limit]


def _entry_date(entry) -> dt.date:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        try:
            day = dt.date(*parsed[:3])
            if dt.date(2000, 1, 1) <= day <= timezone.localdate():
                return day
        except ValueError:
            pass
    return timezone.localdate()


def parse_entries(body: bytes) -> list[dict]:
    parsed = feedparser.parse(body)
    if parsed.get("bozo") and not isinstance(
        parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride
    ):
        raise FeedError(
            _("The feed is not valid RSS or Atom: %(e)s") % {"e": parsed.get("bozo_exception")}
        )
    if not parsed.get("version"):
        raise FeedError(_("The feed is not valid RSS or Atom."))
    source = plain_text(parsed.feed.get("title", ""), 200)
    entries = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = (entry.get("link") or "").strip()
        if urlsplit(link).scheme not in ("http", "https") or len(link) > 1000:
            continue
        title = plain_text(entry.get("title", ""), 300)
        if not title:
            continue
        entries.append(
            {
                "title": title,
                "url": link,
                "guid": (entry.get("id") or link)[:1000],
                "comment": plain_text(entry.get("summary", ""), 1000),
                "source": source,
                "published_on": _entry_date(entry),
            }
        )
    return entries


def monitoring_feed_import(*, feed: MonitoringFeed) -> int:
    """Fetch one feed and add its new entries as drafts; the number added. Never raises for
    what the feed holds: the error is kept on the feed."""
    now = timezone.now()
    try:
        entries = parse_entries(fetch_feed(feed.url))
    except FeedError as error:
        log.warning("monitoring feed %s (%s) skipped: %s", feed.pk, feed.url, error)
        MonitoringFeed.objects.filter(pk=feed.pk).update(
            last_fetched_at=now, last_error=str(error)[:2000]
        )
        return 0
    added = 0
    for entry in entries:
        if MonitoringItem.objects.filter(Q(url=entry["url"]) | Q(guid=entry["guid"])).exists():
            continue
        try:
            with transaction.atomic():
                MonitoringItem.objects.create(
                    feed=feed, theme=feed.theme, status=MonitoringItem.Status.DRAFT, **entry
                )
        except IntegrityError:  # the same entry added by a parallel run
            continue
        added += 1
    MonitoringFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now, last_error="")
    return added


def monitoring_import_all(feeds=None) -> int:
    """Import every active feed (or the ones given); one broken feed never stops the others."""
    added = 0
    for feed in MonitoringFeed.objects.filter(active=True) if feeds is None else feeds:
        try:
            added += monitoring_feed_import(feed=feed)
        except Exception as error:  # one broken feed never stops the others
            log.exception("monitoring feed %s failed", feed.pk)
            MonitoringFeed.objects.filter(pk=feed.pk).update(
                last_fetched_at=timezone.now(), last_error=f"{type(error).__name__}: {error}"[:2000]
            )
    return added


@transaction.atomic
def monitoring_items_publish(*, items, by) -> int:
    return items.filter(status=MonitoringItem.Status.DRAFT).update(
        status=MonitoringItem.Status.PUBLISHED, approved_by=by
    )
