"""Reads of the events: which a person may see, who may register, and the lists.

The audience rule: a public event is seen by everyone (and anyone with an account may
register); a members-only event by the network's members and staff; a group's event only by
the group's members and staff (``in_own_groups``: outside the group it does not exist, 404).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from diplomas.selectors import is_network_member

from ..models import Event, Registration, Resource
from .group_activity import Activity, source
from .groups import in_own_groups
from .resources import resources_for

# What lists, feeds and calendars need of an event; the description only on its own page.
LIST_FIELDS = [
    "slug",
    "kind",
    "title_sv",
    "title_en",
    "start",
    "end",
    "online",
    "address",
    "capacity",
    "registration_deadline",
    "audience",
    "group_id",
    "created_at",
    "updated_at",
]


def may_see_members_events(user) -> bool:
    return user.is_authenticated and (user.is_staff or is_network_member(user))


def events_for(user) -> QuerySet[Event]:
    """The events this person may see (``user`` may be anonymous)."""
    events = Event.objects.filter(in_own_groups(user, "group"))
    if not may_see_members_events(user):
        events = events.filter(audience=Event.Audience.PUBLIC)
    return events


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    registered = Registration.Status.REGISTERED
    return events.annotate(
        registered_count=Count("registrations", filter=Q(registrations__status=registered))
    )


def event_listing(user, *, past: bool = False) -> QuerySet[Event]:
    """Upcoming events soonest first, or past ones latest first; with the number registered
    and the person's own registration, in one query."""
    now = timezone.now()
    events = (
        events_for(user)
        .select_related("group")
        .only(*LIST_FIELDS, "group__name_sv", "group__name_en", "group__slug")
    )
    if past:
        events = events.filter(end__lte=now).order_by("-start", "-id")
    else:
        events = events.filter(end__gt=now).order_by("start", "id")
    events = _with_counts(events)
    if user.is_authenticated:
        events = events.prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(user=user).only("event_id", "status"),
                to_attr="own_registrations",
            )
        )
    return events


def upcoming_public_events(count: int = 3) -> list[Event]:
    """For the home page: the next public events."""
    return list(
        Event.objects.filter(audience=Event.Audience.PUBLIC, end__gt=timezone.now())
        .only(*LIST_FIELDS)
        .order_by("start", "id")[:count]
    )


def event_for(user, slug: str) -> Event:
    """The event at ``slug`` if the person may know of it: a group's event answers 404 outside
    the group. (A members-only event is refused by the view: login, or the 403 page.)"""
    event = (
        _with_counts(Event.objects.filter(in_own_groups(user, "group")).select_related("group"))
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404
    return event


def registration_of(user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def waiting_position(registration: Registration) -> int:
    """1 for the first on the waiting list."""
    return (
        Registration.objects.filter(
            event_id=registration.event_id, status=Registration.Status.WAITING
        )
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, id__lt=registration.id)
        )
        .count()
        + 1
    )


def may_register(user, event: Event) -> bool:
    """Members (and staff) for every event they see; anyone with an account for a public one."""
    if not user.is_authenticated:
        return False
    return event.is_public or may_see_members_events(user)


def materials_for(user, event: Event) -> list[Resource]:
    """Materials are for the people registered (and staff); the resources library's own rules
    apply on top (a hidden one stays hidden)."""
    return list(
        resources_for(user)
        .filter(event=event)
        .defer("extracted_text", "search_text", "search_vector")
        .order_by("title", "pk")
    )


def registered_events_of(user) -> QuerySet[Event]:
    """For the personal calendar feed: what the person is registered for (upcoming and of the
    last year), of those they may still see (someone who left a group no longer gets its events)."""
    since = timezone.now() - dt.timedelta(days=365)
    return (
        events_for(user)
        .filter(
            registrations__user=user,
            registrations__status=Registration.Status.REGISTERED,
            end__gt=since,
        )
        .order_by("start", "id")
    )


def public_calendar_events() -> QuerySet[Event]:
    since = timezone.now() - dt.timedelta(days=365)
    return Event.objects.filter(audience=Event.Audience.PUBLIC, end__gt=since).order_by(
        "start", "id"
    )


@source("events")
def _group_events(group, user, limit: int) -> list[Activity]:
    """ "Latest in this group": the group's events, newest first by when they were announced."""
    events = (
        events_for(user)
        .filter(group=group)
        .only("slug", "title_sv", "title_en", "created_at")
        .order_by("-created_at", "-pk")[:limit]
    )
    page_language = (get_language() or "sv")[:2]
    activity = []
    for event in events:
        language = event.text_language("title", page_language)
        activity.append(
            Activity(
                kind=_("Event"),
                title=event.text_in("title", language),
                url=reverse("network:event", kwargs={"slug": event.slug}),
                when=event.created_at,
                language=language if language != page_language else "",
            )
        )
    return activity
