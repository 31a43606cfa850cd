"""Who sees which discussion, and the reads of the discussion pages.

A group's topic and its threads are seen by the group's members and staff only: every list
here filters with ``in_own_groups`` and every address answers 404 to anyone else (through the
same lists). Mentions (``@Malmö``, ``@Region Skåne``) are the names of the network's
organisations, the longest name that follows the "@".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diplomas.models import Organisation
from diplomas.selectors import NETWORK_STATUSES

from ..models import DiscussionChoice, Follow, Post, Thread, Topic
from .group_activity import Activity, source
from .groups import in_own_groups

THREAD_PAGE_SIZE = 20
POST_PAGE_SIZE = 50


# --- topics and threads -------------------------------------------------------------------------


def topics_for(user) -> QuerySet[Topic]:
    """The topics this person may see, each with how many threads it has and when the latest
    was written to; the network's topics first, then the groups'."""
    return (
        Topic.objects.filter(in_own_groups(user, "group"))
        .select_related("group")
        .annotate(thread_count=Count("threads"), latest_at=Max("threads__last_post_at"))
        .order_by("group__name_sv", "order", "name_sv")
    )


def topic_for(user, slug: str) -> Topic:
    topic = get_object_or_404(topics_for(user), slug=slug)
    topic.followed = Follow.objects.filter(user=user, topic=topic, following=True).exists()
    return topic


def threads_for(user) -> QuerySet[Thread]:
    return Thread.objects.filter(in_own_groups(user, "topic__group"))


def threads_of(user, topic: Topic) -> QuerySet[Thread]:
    """A topic's threads, the latest written to first, with their number of posts."""
    return (
        threads_for(user)
        .filter(topic=topic)
        .select_related("author")
        .annotate(post_count=Count("posts"))
        .order_by("-last_post_at", "-pk")
    )


def thread_for(user, pk: int) -> Thread:
    return get_object_or_404(threads_for(user).select_related("topic__group", "author"), pk=pk)


def posts_of(thread: Thread) -> QuerySet[Post]:
    return thread.posts.select_related("author").order_by("created_at", "pk")


def post_for(user, pk: int) -> Post:
    """A post in a thread the person may see (to edit, hide or download its attachment)."""
    return get_object_or_404(
        Post.objects.filter(in_own_groups(user, "thread__topic__group")).select_related(
            "thread__topic", "author"
        ),
        pk=pk,
    )


def post_page(post: Post) -> int:
    """The page of its thread a post is on."""
    before = Post.objects.filter(thread_id=post.thread_id).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return before.count() // POST_PAGE_SIZE + 1


def post_path(post: Post) -> str:
    """The address of a post in its thread, in the active language: the thread's page that
    holds the post (``?post=``), scrolled to it."""
    path = reverse("network:discussion_thread", args=[post.thread_id])
    return f"{path}?post={post.pk}#{post.anchor}"


def follows_thread(user, thread: Thread) -> bool:
    """Whether new posts in ``thread`` reach this person: they follow it, or its topic and have
    not turned the thread off."""
    rows = dict(
        Follow.objects.filter(
            Q(thread=thread) | Q(topic_id=thread.topic_id), user=user
        ).values_list("thread_id", "following")
    )
    if thread.pk in rows:
        return rows[thread.pk]
    return rows.get(None, False)


def delivery_of(user) -> str:
    choice = DiscussionChoice.objects.filter(user=user).values_list("delivery", flat=True).first()
    return choice or DiscussionChoice.Delivery.EACH


def followed_threads(user) -> QuerySet[Thread]:
    """The threads this person follows (not those of followed topics), for the email page."""
    return (
        threads_for(user)
        .filter(Exists(Follow.objects.filter(user=user, thread=OuterRef("pk"), following=True)))
        .select_related("topic")
        .order_by("-last_post_at", "-pk")
    )


def followed_topics(user) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(in_own_groups(user, "group"))
        .filter(Exists(Follow.objects.filter(user=user, topic=OuterRef("pk"), following=True)))
        .order_by("order", "name_sv")
    )


# --- mentions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mentions:
    """The organisations a text can mention: "@" and then an organisation's name, the longest
    that matches (``@Region Skåne`` is the region, not a municipality "Region"), in any case,
    not followed by a letter or digit."""

    by_name: dict[str, Organisation]
    pattern: re.Pattern | None

    @classmethod
    def load(cls) -> Mentions:
        organisations = Organisation.objects.filter(diploma__status__in=NETWORK_STATUSES).only(
            "pk", "name", "slug"
        )
        by_name = {organisation.name.casefold(): organisation for organisation in organisations}
        if not by_name:
            return cls(by_name={}, pattern=None)
        names = sorted(by_name, key=len, reverse=True)
        pattern = re.compile(
            r"(?<![\w@])@(" + "|".join(re.escape(name) for name in names) + r")(?![\w])",
            re.IGNORECASE,
        )
        return cls(by_name=by_name, pattern=pattern)

    def organisations_in(self, text: str) -> list[Organisation]:
        if self.pattern is None:
            return []
        found: dict[int, Organisation] = {}
        for match in self.pattern.finditer(text or ""):
            organisation = self.by_name[match.group(1).casefold()]
            found[organisation.pk] = organisation
        return list(found.values())

    def linked(self, text: str) -> str:
        """The Markdown with each mention a link to the organisation's directory page."""
        if self.pattern is None:
            return text

        def link(match: re.Match) -> str:
            organisation = self.by_name[match.group(1).casefold()]
            url = reverse("network:directory_organisation", args=[organisation.slug])
            return f"[@{match.group(1)}]({url})"

        return self.pattern.sub(link, text)


# --- the group page's "latest in this group" ------------------------------------------------------


@source("discussions")
def _discussions(group, user, limit: int) -> list[Activity]:
    posts = (
        Post.objects.filter(thread__topic__group=group, hidden=False)
        .filter(in_own_groups(user, "thread__topic__group"))
        .select_related("thread")
        .only("pk", "created_at", "thread_id", "thread__title", "thread__created_at")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        Activity(
            kind=_("Discussion"),
            title=post.thread.title,
            url=post_path(post),
            when=post.created_at,
        )
        for post in posts
    ]
