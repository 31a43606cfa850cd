""" "New since your last visit" on the home page: a registry of sources.

A source is a function ``(user, since) -> Fresh``: how many things of its kind appeared since
``since`` that this person may see, and the latest few of them (title and address). The home
page asks every registered source in order and shows those with something new: news, then
resources, then good examples, all registered at the end of this module (so the order is the
one written there). A new kind of content adds its source there with ``@source(...)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LATEST = 3  # items shown per source; the count says how many there are in all


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    when: dt.datetime
    language: str = ""  # set when the title is in another language than the page's


@dataclass(frozen=True)
class Fresh:
    count: int
    latest: list[Entry] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    name: str
    heading: str | Promise
    list_url: str | Promise
    fetch: Callable[..., Fresh]


_SOURCES: list[Source] = []


def source(name: str, *, heading: str | Promise, list_url: str | Promise) -> Callable:
    """Register a source; ``list_url`` is the page that lists all of its kind."""

    def register(fetch: Callable[..., Fresh]) -> Callable[..., Fresh]:
        _SOURCES[:] = [s for s in _SOURCES if s.name != name]
        _SOURCES.append(Source(name=name, heading=heading, list_url=list_url, fetch=fetch))
        return fetch

    return register


def sources() -> list[Source]:
    return list(_SOURCES)


@dataclass(frozen=True)
class Section:
    source: Source
    fresh: Fresh


def whats_new(user, since: dt.datetime) -> list[Section]:
    """The sources that have something new for this person since ``since``."""
    sections = []
    for registered in _SOURCES:
        fresh = registered.fetch(user, since)
        if fresh.count:
            sections.append(Section(source=registered, fresh=fresh))
    return sections


# --- the sources of this module's concerns ------------------------------------------------------


@source("news", heading=_("News"), list_url=reverse_lazy("network:news"))
def new_news(user, since: dt.datetime) -> Fresh:
    from .news import news_for

    news = news_for(user).filter(published_at__gt=since, published_at__lte=timezone.now())
    count = news.count()
    if not count:
        return Fresh(count=0)
    language = (get_language() or "sv")[:2]
    latest = []
    for item in news[:LATEST]:
        shown_in = item.text_language(language)
        latest.append(
            Entry(
                title=item.title_in(shown_in),
                url=item.get_absolute_url(),
                when=item.published_at,
                language=shown_in if shown_in != language else "",
            )
        )
    return Fresh(count=count, latest=latest)


def _fresh(queryset, *, when: str, url: Callable, language: str = "") -> Fresh:
    """Count and the latest few of a queryset already filtered to what is new."""
    count = queryset.count()
    if not count:
        return Fresh(count=0)
    page_language = (get_language() or "sv")[:2]
    latest = [
        Entry(
            title=obj.title,
            url=url(obj),
            when=getattr(obj, when),
            language=(
                getattr(obj, language)
                if language and getattr(obj, language) != page_language
                else ""
            ),
        )
        for obj in queryset.order_by(f"-{when}", "-pk")[:LATEST]
    ]
    return Fresh(count=count, latest=latest)


@source("resources", heading=_("Resources"), list_url=reverse_lazy("network:resources"))
def new_resources(user, since: dt.datetime) -> Fresh:
    from .resources import resources_for

    return _fresh(
        resources_for(user)
        .filter(hidden=False, created_at__gt=since)
        .only("pk", "title", "created_at", "language"),
        when="created_at",
        url=lambda resource: reverse("network:resource", args=[resource.pk]),
        language="language",
    )


@source("examples", heading=_("Good examples"), list_url=reverse_lazy("network:examples"))
def new_examples(user, since: dt.datetime) -> Fresh:
    from ..models.examples import GoodExample

    # Published since then, by anyone but the person's own organisations (they know theirs).
    return _fresh(
        GoodExample.objects.filter(status=GoodExample.Status.APPROVED, approved_at__gt=since)
        .exclude(organisation__memberships__user=user)
        .only("pk", "title", "approved_at"),
        when="approved_at",
        url=lambda example: reverse("network:example", args=[example.pk]),
    )
