"""Discussions: topics that staff create, threads that members start in them, and replies.

A topic may belong to a group (``Topic.group``): its threads are then seen by the group's
members and staff only – ``network.selectors.groups.in_own_groups(user, "topic__group")``
in every list and every address. People follow threads or whole topics and are emailed each
new reply, or once a day (``DiscussionChoice``). Staff hide a post (it stays in the database,
shown as hidden), lock a thread or move it to another topic.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.uploads import UploadTo
from procurement.models._text import text_in, text_language

MAX_TITLE = 200
MAX_BODY = 20_000
EDIT_WINDOW = dt.timedelta(minutes=30)
# Addresses under /diskussion/ that are not topics (network/urls.py).
RESERVED_SLUGS = {"e-post", "sluta-folja", "trad", "inlagg"}


class Topic(models.Model):
    slug = models.SlugField(
        _("address name"),
        max_length=80,
        unique=True,
        help_text=_("Part of the topic's address, after /diskussion/."),
    )
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    group = models.ForeignKey(
        "network.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("group"),
        help_text=_("Empty: the whole network's topic. A group's topic is seen by its members."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("discussion topic")
        verbose_name_plural = _("discussion topics")
        ordering = ["order", "name_sv"]

    def __str__(self) -> str:
        return self.name_sv

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address name is taken by another page.")})

    def text_language(self, field: str = "name", language: str | None = None) -> str:
        return text_language(self, field, language)

    def text_in(self, field: str, language: str | None = None) -> str:
        return text_in(self, field, language)

    @property
    def name(self) -> str:
        return self.text_in("name")

    @property
    def description(self) -> str:
        return self.text_in("description")

    @property
    def description_language(self) -> str:
        return self.text_language("description")


class Thread(models.Model):
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="threads", verbose_name=_("topic")
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussion_threads",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_post_at = models.DateTimeField(_("latest post"), default=timezone.now)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("A locked thread takes no new replies.")
    )

    class Meta:
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        ordering = ["-last_post_at", "-pk"]
        indexes = [models.Index(fields=["topic", "-last_post_at"], name="network_thread_latest")]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussion_posts",
        verbose_name=_("written by"),
    )
    by_staff = models.BooleanField(
        _("by Fairtrade Sverige"),
        default=False,
        help_text=_("Written by Fairtrade Sverige staff: marked as such."),
    )
    body = models.TextField(
        _("text"),
        max_length=MAX_BODY,
        help_text=_("Markdown: “**bold**”, “- ” a list item, @Malmö mentions an organisation."),
    )
    attachment = models.FileField(
        _("attachment"), upload_to=UploadTo("discussions"), blank=True, max_length=200
    )
    attachment_name = models.CharField(_("file name"), max_length=255, blank=True)
    attachment_size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden by staff: the post is not shown.")
    )
    hidden_reason = models.TextField(_("reason for hiding"), max_length=2000, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    class Meta:
        verbose_name = _("discussion post")
        verbose_name_plural = _("discussion posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="network_post_in_thread")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"

    def editable_by(self, user, now: dt.datetime | None = None) -> bool:
        """Its author changes it for 30 minutes after writing it (not once it is hidden)."""
        now = now or timezone.now()
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and not self.hidden
            and now - self.created_at <= EDIT_WINDOW
        )


class Follow(models.Model):
    """A person follows a thread or a whole topic. A thread row with ``following`` off keeps a
    thread quiet for someone who follows its topic (the thread's unsubscribe link)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_follows",
        verbose_name=_("person"),
    )
    thread = models.ForeignKey(
        Thread,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("thread"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("topic"),
    )
    following = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(topic__isnull=True))
                | (Q(thread__isnull=True) & Q(topic__isnull=False)),
                name="network_follow_thread_or_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="network_follow_thread_once",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="network_follow_topic_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.thread_id or self.topic_id}"


class DiscussionChoice(models.Model):
    """How a person gets the new posts of what they follow: one email each, or a daily digest.
    No row: one email each."""

    class Delivery(models.TextChoices):
        EACH = "each", _("One email for each new post")
        DAILY = "daily", _("One email a day with the day's posts")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_choice",
        verbose_name=_("person"),
    )
    delivery = models.CharField(
        _("new posts by email"), max_length=8, choices=Delivery.choices, default=Delivery.EACH
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("discussion email choice")
        verbose_name_plural = _("discussion email choices")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.delivery}"
