"""Reads of the news: what a reader may see, and when. An item appears at its publish time:
the filter is on ``published_at <= now`` in every query, so no job has to "release" it."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from diplomas.selectors import is_network_member

from ..models import NewsItem, PersonalFeed

# What lists and feeds need of an item; the bodies are read only on the item's own page.
LIST_FIELDS = [
    "slug",
    "title_sv",
    "title_en",
    "summary_sv",
    "summary_en",
    "body_en",
    "audience",
    "published_at",
    "updated_at",
    "image",
    "image_width",
    "image_height",
    "image_alt_sv",
    "image_alt_en",
]


def published_news(*, members: bool, now: dt.datetime | None = None) -> QuerySet[NewsItem]:
    """Items already published, newest first: all of them for the network's members (and
    staff), the public ones for everyone else."""
    news = NewsItem.objects.filter(published_at__lte=now or timezone.now())
    if not members:
        news = news.filter(audience=NewsItem.Audience.PUBLIC)
    return news.order_by("-published_at", "-id")


def news_for(user) -> QuerySet[NewsItem]:
    """The list a person sees (``user`` may be anonymous)."""
    return published_news(members=is_network_member(user)).only(*LIST_FIELDS)


def latest_public_news(count: int = 3) -> list[NewsItem]:
    return list(published_news(members=False).only(*LIST_FIELDS)[:count])


def news_item(slug: str) -> NewsItem:
    """A published item by its address name (public or not: the view applies the rule); an
    item not yet published answers 404, as if it did not exist."""
    item = published_news(members=True).filter(slug=slug).first()
    if item is None:
        raise Http404
    return item


def personal_feed_for_token(token: str) -> PersonalFeed:
    """The feed of this token, or 404. The key (the first characters) finds the row; the rest
    is compared in constant time."""
    from ..models.news import KEY_LENGTH

    feed = (
        PersonalFeed.objects.select_related("user")
        .filter(key=token[:KEY_LENGTH], user__is_active=True)
        .first()
    )
    if feed is None or not feed.matches(token):
        raise Http404
    return feed
