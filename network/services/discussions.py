"""Changes to discussions: start a thread, reply, edit, follow; staff hide, lock and move; and
who is emailed about a new post – once, through ``notifications``.

A new post is emailed to everyone who follows its thread or topic (not to its author, not to
those who turned the thread off, not to those who chose the daily digest) and to the
coordinators of every organisation it mentions; each of them gets one email for it, under the
key ``discussion-post:<post>:<person>``, whatever the reasons. Only people who may see the
thread are emailed: for a group's thread, its members and staff.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from diplomas.models import Membership
from diplomas.selectors import NETWORK_STATUSES
from notifications import registry
from notifications.models import EmailKind, EmailOptOut, Reminder
from notifications.services import notify

from ..content import render_markdown
from ..models import DiscussionChoice, Follow, GroupMembership, Post, Thread, Topic
from ..selectors.discussions import Mentions, post_path

UNFOLLOW_SALT = "network.discussions.unfollow"
EXCERPT_CHARS = 400
LINK_REL = "nofollow ugc noopener noreferrer"

Delivery = DiscussionChoice.Delivery


def render_post(body: str, mentions: Mentions) -> str:
    """A post's HTML: Markdown, sanitised, links marked as written by members, mentions
    linked to the organisation's directory page."""
    return render_markdown(mentions.linked(body), link_rel=LINK_REL, images=False).html


def _store_attachment(post: Post, upload) -> None:
    post.attachment = upload
    post.attachment_name = Path(upload.name).name[:255]
    post.attachment_size = upload.size


# --- writing ------------------------------------------------------------------------------------


@transaction.atomic
def thread_start(*, topic: Topic, by, title: str, body: str, upload=None) -> Thread:
    """A new thread with its first post; its author follows it."""
    now = timezone.now()
    thread = Thread.objects.create(
        topic=topic, title=title.strip(), author=by, created_at=now, last_post_at=now
    )
    Follow.objects.update_or_create(user=by, thread=thread, defaults={"following": True})
    _post_add(thread=thread, by=by, body=body, upload=upload, now=now)
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, by, body: str, upload=None) -> Post:
    """A reply; refused in a locked thread. The thread's row is locked while the reply is
    written, so a reply and staff's lock never cross."""
    thread = Thread.objects.select_for_update().select_related("topic").get(pk=thread.pk)
    if thread.locked:
        raise PermissionDenied(_("The thread is locked: it takes no new replies."))
    now = timezone.now()
    post = _post_add(thread=thread, by=by, body=body, upload=upload, now=now)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now)
    return post


def _post_add(*, thread: Thread, by, body: str, upload, now: dt.datetime) -> Post:
    post = Post(thread=thread, author=by, by_staff=by.is_staff, body=body.strip(), created_at=now)
    if upload is not None:
        _store_attachment(post, upload)
    post.save()
    _notify_new_post(post)
    return post


@transaction.atomic
def post_edit(*, post: Post, by, body: str) -> Post:
    """Its author changes a post within 30 minutes of writing it. Nobody it reached is
    emailed again; the coordinators of an organisation the new text mentions, and the old did
    not, are told of it as of a new post."""
    post = Post.objects.select_for_update().select_related("thread__topic").get(pk=post.pk)
    if not post.editable_by(by):
        raise PermissionDenied(_("A post can be changed by its author for 30 minutes."))
    mentions = Mentions.load()
    before = {o.pk for o in mentions.organisations_in(post.body)}
    post.body = body.strip()
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    added = {o.pk for o in mentions.organisations_in(post.body)} - before
    if added:
        _notify_new_post(post, mentions=mentions, only_mentions_of=added)
    return post


# --- following ------------------------------------------------------------------------------------


@transaction.atomic
def thread_follow_set(*, thread: Thread, user, following: bool) -> None:
    """Follow a thread, or stop: a row with ``following`` off keeps the thread quiet also for
    someone who follows its topic."""
    Follow.objects.update_or_create(user=user, thread=thread, defaults={"following": following})


@transaction.atomic
def topic_follow_set(*, topic: Topic, user, following: bool) -> None:
    if following:
        Follow.objects.update_or_create(user=user, topic=topic, defaults={"following": True})
    else:
        Follow.objects.filter(user=user, topic=topic).delete()


def unfollow_token(user_id: int, thread_id: int) -> str:
    return signing.dumps({"u": user_id, "t": thread_id}, salt=UNFOLLOW_SALT, compress=True)


def unfollow_target(token: str) -> Thread | None:
    """The thread a signed unfollow link names, with the person in ``thread.unfollower``; None
    if the link is not valid (or the thread or person is gone)."""
    try:
        data = signing.loads(token, salt=UNFOLLOW_SALT)
        user_id, thread_id = int(data["u"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    thread = Thread.objects.filter(pk=thread_id).first()
    user = User.objects.filter(pk=user_id).first()
    if thread is None or user is None:
        return None
    thread.unfollower = user
    return thread


def unfollow_url(user_id: int, thread_id: int, language: str) -> str:
    with translation.override(language):
        path = reverse("network:discussion_unfollow", args=[unfollow_token(user_id, thread_id)])
    return settings.SITE_URL + path


@transaction.atomic
def delivery_set(*, user, delivery: str) -> None:
    DiscussionChoice.objects.update_or_create(user=user, defaults={"delivery": delivery})


# --- staff ----------------------------------------------------------------------------------------


@transaction.atomic
def post_hide(*, post: Post, by, reason: str) -> Post:
    """Hide a post with a reason; it stays in the database and its author is emailed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the post is hidden: its author is told."))
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread", "author")
        .get(pk=post.pk)
    )
    if post.hidden:
        return post
    post.hidden = True
    post.hidden_reason = reason
    post.hidden_by = by
    post.hidden_at = timezone.now()
    post.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    author = post.author
    if author is not None and author.email:
        language = author.language or settings.LANGUAGE_CODE
        with translation.override(language):
            url = settings.SITE_URL + post_path(post)
        notify(
            [
                registry.ReminderSpec(
                    key=f"discussion-post-hidden:{post.pk}",
                    kind=EmailKind.REQUIRED,
                    template="discussion-post-hidden",
                    email=author.email,
                    language=language,
                    recipient_id=author.pk,
                    context={
                        "name": author.get_short_name(),
                        "thread_title": post.thread.title,
                        "reason": reason,
                        "url": url,
                    },
                )
            ]
        )
    return post


@transaction.atomic
def post_unhide(*, post: Post, by) -> Post:
    Post.objects.filter(pk=post.pk).update(
        hidden=False, hidden_reason="", hidden_by=None, hidden_at=None
    )
    post.refresh_from_db()
    return post


@transaction.atomic
def thread_lock_set(*, thread: Thread, by, locked: bool) -> Thread:
    Thread.objects.filter(pk=thread.pk).update(locked=locked)
    thread.locked = locked
    return thread


@transaction.atomic
def thread_move(*, thread: Thread, by, topic: Topic) -> Thread:
    """Move a thread to another topic. Into a group's topic, it is seen by that group only
    from now on (and emails reach only people who may see it)."""
    Thread.objects.filter(pk=thread.pk).update(topic=topic)
    thread.topic = topic
    return thread


# --- who is emailed -------------------------------------------------------------------------------


def may_read(thread: Thread) -> Q:
    """Filter for the people who may read ``thread``: staff, or members of the network – and,
    for a group's thread, of that group."""
    network = Q(memberships__organisation__diploma__status__in=NETWORK_STATUSES)
    group_id = thread.topic.group_id
    if group_id is not None:
        network &= Q(network_group_memberships__group_id=group_id)
    return Q(is_active=True) & (Q(is_staff=True) | network)


def followers_of(thread: Thread) -> set[int]:
    """The people new posts in ``thread`` reach: its followers and its topic's, less those
    who turned the thread off (one query)."""
    rows = Follow.objects.filter(Q(thread=thread) | Q(topic_id=thread.topic_id)).values_list(
        "user_id", "thread_id", "following"
    )
    followers, muted = set(), set()
    for user_id, thread_id, following in rows:
        if thread_id is not None and not following:
            muted.add(user_id)
        elif following:
            followers.add(user_id)
    return followers - muted


def _notify_new_post(
    post: Post, *, mentions: Mentions | None = None, only_mentions_of: set[int] | None = None
) -> None:
    """Email the post's followers and the coordinators it mentions; with
    ``only_mentions_of`` (an edit that added mentions) only the coordinators of those
    organisations. The key is the post's and the person's, so nobody gets it twice."""
    thread = post.thread
    mentions = mentions or Mentions.load()
    mentioned = {o.pk: o for o in mentions.organisations_in(post.body)}
    if only_mentions_of is None:
        followers = followers_of(thread)
    else:
        followers = set()
        mentioned = {pk: o for pk, o in mentioned.items() if pk in only_mentions_of}
    coordinators: dict[int, str] = {}  # person -> the organisation of theirs mentioned
    for user_id, organisation_id in Membership.objects.filter(
        organisation_id__in=mentioned, role=Membership.Role.COORDINATOR
    ).values_list("user_id", "organisation_id"):
        coordinators.setdefault(user_id, mentioned[organisation_id].name)
    candidates = (followers | set(coordinators)) - {post.author_id}
    if not candidates:
        return
    daily = set(
        DiscussionChoice.objects.filter(
            user_id__in=candidates, delivery=Delivery.DAILY
        ).values_list("user_id", flat=True)
    )
    # Followers who chose the digest get this post in it; a mention is emailed now.
    candidates = {pk for pk in candidates if pk in coordinators or pk not in daily}
    people = (
        User.objects.filter(pk__in=candidates)
        .filter(may_read(thread))
        .exclude(email="")
        .distinct()
        .only("pk", "email", "name", "language")
    )
    people = list(people)
    opted_out = set(EmailOptOut.objects.filter(user__in=people).values_list("user_id", "kind"))
    excerpt = Truncator(strip_tags(render_post(post.body, mentions))).chars(EXCERPT_CHARS)
    author = post.author.get_full_name() if post.author else ""
    specs = []
    for person in people:
        mention = coordinators.get(person.pk, "")
        follows = person.pk in followers and person.pk not in daily
        # One email whatever the reasons; its kind is one the person has not turned off.
        kind = EmailKind.MENTIONS if mention else EmailKind.DISCUSSION_POSTS
        if follows and mention and (person.pk, kind) in opted_out:
            kind = EmailKind.DISCUSSION_POSTS
        language = person.language or settings.LANGUAGE_CODE
        with translation.override(language):
            url = settings.SITE_URL + post_path(post)
        unfollow = unfollow_url(person.pk, thread.pk, language) if follows else ""
        specs.append(
            registry.ReminderSpec(
                key=f"discussion-post:{post.pk}:{person.pk}",
                kind=kind,
                template="discussion-post",
                email=person.email,
                language=language,
                recipient_id=person.pk,
                context={
                    "name": person.get_short_name(),
                    "author": author,
                    "by_staff": post.by_staff,
                    "thread_title": thread.title,
                    "first_post": post.created_at == thread.created_at,
                    "excerpt": excerpt,
                    "url": url,
                    "mentioned": mention,
                    "unfollow_url": unfollow,
                    "list_unsubscribe_url": unfollow,
                },
            )
        )
    notify(specs)


# --- the daily digest -----------------------------------------------------------------------------


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


# The kinds are those of every discussion email (mentions are sent at once, by notify()),
# so people can turn each off on their email page.
@registry.source(
    "network.discussion_digest", kinds=[EmailKind.DISCUSSION_POSTS, EmailKind.MENTIONS]
)
def digest_source(today: dt.date, batch_size: int):
    """Yesterday's posts, one email per person who chose the daily digest, listing the threads
    they follow that got new posts (not their own), under ``discussion-digest:<person>:<day>``:
    a sweep run again the same day records nothing new."""
    day = today - dt.timedelta(days=1)
    start, end = _day_bounds(day)
    posts = list(
        Post.objects.filter(created_at__gte=start, created_at__lt=end, hidden=False)
        .select_related("thread__topic")
        .only(
            "pk",
            "author_id",
            "created_at",
            "thread__id",
            "thread__title",
            "thread__topic_id",
            "thread__topic__group_id",
        )
        .order_by("created_at", "pk")
    )
    if not posts:
        return
    threads = {post.thread_id: post.thread for post in posts}
    topic_ids = {thread.topic_id for thread in threads.values()}
    follows = Follow.objects.filter(
        Q(thread_id__in=threads) | Q(topic_id__in=topic_ids),
        user__discussion_choice__delivery=Delivery.DAILY,
    ).values_list("user_id", "thread_id", "topic_id", "following")
    followed: dict[int, set[int]] = {}
    topics: dict[int, set[int]] = {}
    muted: dict[int, set[int]] = {}
    for user_id, thread_id, topic_id, following in follows:
        if thread_id is not None:
            (followed if following else muted).setdefault(user_id, set()).add(thread_id)
        else:
            topics.setdefault(user_id, set()).add(topic_id)
    user_ids = sorted(set(followed) | set(topics))
    for offset in range(0, len(user_ids), batch_size):
        batch = user_ids[offset : offset + batch_size]
        yield _digest_batch(day, batch, posts, threads, followed, topics, muted)


def _digest_batch(day, user_ids, posts, threads, followed, topics, muted) -> list:
    network = Q(memberships__organisation__diploma__status__in=NETWORK_STATUSES)
    people = list(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .filter(Q(is_staff=True) | network)
        .exclude(email="")
        .distinct()
        .only("pk", "email", "name", "language", "is_staff")
    )
    groups: dict[int, set[int]] = {}
    for user_id, group_id in GroupMembership.objects.filter(user__in=people).values_list(
        "user_id", "group_id"
    ):
        groups.setdefault(user_id, set()).add(group_id)
    # A post already emailed to someone (it mentioned their organisation) is not in their
    # digest again.
    emailed = set(
        Reminder.objects.filter(
            recipient__in=people,
            key__startswith="discussion-post:",
            created_at__gte=posts[0].created_at,
        )
        .exclude(status=Reminder.Status.SKIPPED)
        .values_list("key", flat=True)
    )
    specs = []
    for person in people:
        own_groups = groups.get(person.pk, set())
        wanted = {
            thread_id
            for thread_id, thread in threads.items()
            if (thread_id in followed.get(person.pk, set()))
            or (thread.topic_id in topics.get(person.pk, set()))
        } - muted.get(person.pk, set())
        counts: dict[int, int] = {}
        for post in posts:
            thread = threads[post.thread_id]
            group_id = thread.topic.group_id
            if post.thread_id not in wanted or post.author_id == person.pk:
                continue
            if f"discussion-post:{post.pk}:{person.pk}" in emailed:
                continue
            if group_id is not None and not person.is_staff and group_id not in own_groups:
                continue
            counts[post.thread_id] = counts.get(post.thread_id, 0) + 1
        if not counts:
            continue
        language = person.language or settings.LANGUAGE_CODE
        with translation.override(language):
            rows = [
                {
                    "title": threads[thread_id].title,
                    "count": count,
                    "url": settings.SITE_URL
                    + reverse("network:discussion_thread", args=[thread_id]),
                }
                for thread_id, count in counts.items()
            ]
            email_url = settings.SITE_URL + reverse("network:discussion_email")
            day_text = date_format(day, "j F Y")
        specs.append(
            registry.ReminderSpec(
                key=f"discussion-digest:{person.pk}:{day.isoformat()}",
                kind=EmailKind.DISCUSSION_POSTS,
                template="discussion-digest",
                email=person.email,
                language=language,
                recipient_id=person.pk,
                context={
                    "name": person.get_short_name(),
                    "day": day_text,
                    "threads": rows,
                    "email_url": email_url,
                },
            )
        )
    return specs
