""" "Latest in this group" on a group's page: a registry of sources, like ``whats_new``.

A source is a function ``(group, user, limit) -> list[Activity]``: the latest things of its kind
in the group that this person may see, newest first, in a fixed number of queries. The group
page asks every registered source and shows the newest ``limit`` of all of them together.
Threads and posts, files and events each register their source with ``@source(...)`` in the
module that holds their selectors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .resources import resources_for

LATEST = 10


@dataclass(frozen=True)
class Activity:
    kind: str | Promise  # shown beside the title: "Discussion", "File", "Event"
    title: str
    url: str
    when: dt.datetime
    language: str = ""  # set when the title is in another language than the page's


Fetch = Callable[..., list[Activity]]
_SOURCES: dict[str, Fetch] = {}


def source(name: str) -> Callable[[Fetch], Fetch]:
    def register(fetch: Fetch) -> Fetch:
        _SOURCES[name] = fetch
        return fetch

    return register


def latest_activity(group, user, limit: int = LATEST) -> list[Activity]:
    """The newest ``limit`` things in ``group`` from every source, newest first."""
    activity = [item for fetch in _SOURCES.values() for item in fetch(group, user, limit)]
    activity.sort(key=lambda item: item.when, reverse=True)
    return activity[:limit]


@source("files")
def _files(group, user, limit: int) -> list[Activity]:
    resources = (
        resources_for(user)
        .filter(group=group)
        .only("pk", "title", "created_at")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        Activity(
            kind=_("File"),
            title=resource.title,
            url=reverse("network:resource", kwargs={"pk": resource.pk}),
            when=resource.created_at,
        )
        for resource in resources
    ]
