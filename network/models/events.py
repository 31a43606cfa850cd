"""Events: national network meetings, theme meetings, trainings and conferences, and the people
registered for them.

An event's audience is the public, the network's members, or one group (then ``group`` names
it, and only the group's members see it: ``network.selectors.groups`` decides). A full event
puts people on a waiting list in the order they came (``queued_at``); a cancellation moves the
first of them up (``network.services.events``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procurement.models._text import text_in, text_language

# Events are held in Sweden: shown, and written into calendars, in Swedish time.
EVENT_TIME_ZONE = zoneinfo.ZoneInfo("Europe/Stockholm")

# Addresses under /evenemang/ that are not events.
RESERVED_SLUGS = {"kalender", "kalender.ics"}

# Dietary and accessibility needs are kept until the event is over plus this (then erased by
# the retention job, network/personal_data.py): long enough to answer a question afterwards.
NEEDS_KEPT_DAYS = 30


class Event(models.Model):
    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        THEME_MEETING = "theme_meeting", _("Theme meeting")
        TRAINING = "training", _("Training")
        CONFERENCE = "conference", _("Conference")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone with an account (public)")
        MEMBERS = "members", _("The network's members only")
        GROUP = "group", _("One group only")

    slug = models.SlugField(
        _("address name"),
        max_length=80,
        unique=True,
        help_text=_("Part of the event's address, after /evenemang/."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_sv = models.TextField(
        _("description (Swedish)"), help_text=_("Markdown. HTML is removed when shown.")
    )
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        help_text=_("Empty: English readers see the Swedish, marked as such."),
    )
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    online = models.BooleanField(
        _("online"),
        default=True,
        help_text=_("Online: give the meeting link. On site: the address."),
    )
    meeting_link = models.URLField(
        _("meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to the people registered."),
    )
    address = models.TextField(_("address"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_deadline = models.DateTimeField(
        _("last day to register"),
        null=True,
        blank=True,
        help_text=_("Empty: until the event starts."),
    )
    audience = models.CharField(
        _("who may come"), max_length=16, choices=Audience.choices, default=Audience.MEMBERS
    )
    group = models.ForeignKey(
        "network.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("group"),
        help_text=_("Only with the audience “one group”: the group whose members may come."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["audience", "start"], name="network_event_listing")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(audience="group") & Q(group__isnull=False))
                | (~Q(audience="group") & Q(group__isnull=True)),
                name="network_event_group_only_for_group_audience",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="network_event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title_sv

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("network:event", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address name is taken by the calendars; choose another.")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if self.audience == self.Audience.GROUP and not self.group_id:
            errors["group"] = _("Choose the group whose members may come.")
        if self.audience != self.Audience.GROUP and self.group_id:
            errors["group"] = _("Only an event for one group has a group.")
        if self.online and not self.meeting_link:
            errors["meeting_link"] = _("An online event needs its meeting link.")
        if not self.online and not self.address.strip():
            errors["address"] = _("An event on site needs its address.")
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = _("The last day to register is before the start.")
        if errors:
            raise ValidationError(errors)

    # --- text in the reader's language -----------------------------------------------------

    def text_language(self, field: str = "title", language: str | None = None) -> str:
        return text_language(self, field, language)

    def text_in(self, field: str, language: str | None = None) -> str:
        return text_in(self, field, language)

    @property
    def title(self) -> str:
        return self.text_in("title")

    # --- time and registration ---------------------------------------------------------------

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(EVENT_TIME_ZONE)

    @property
    def local_end(self) -> dt.datetime:
        return self.end.astimezone(EVENT_TIME_ZONE)

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def closes_at(self) -> dt.datetime:
        return self.registration_deadline or self.start

    @property
    def is_open(self) -> bool:
        return timezone.now() < self.closes_at

    @property
    def needs_kept_until(self) -> dt.datetime:
        return self.end + dt.timedelta(days=NEEDS_KEPT_DAYS)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    needs = models.TextField(
        _("dietary or accessibility needs"),
        max_length=1000,
        blank=True,
        help_text=_("Only for events on site; erased 30 days after the event."),
    )
    attended = models.BooleanField(_("attended"), default=False)
    # The waiting list's order: when the person (last) asked for a place.
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="network_registration_once")
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="network_registration_queue")
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.user}"
