"""Changes to events: registering, cancelling, the waiting list; and the calendars (.ics).

Every change to an event's places locks the event's row first (``select_for_update``): two
people asking for the last place at the same moment are served one after the other, so
exactly one gets it and the other is put on the waiting list.
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import EmailKind
from notifications.registry import ReminderSpec, attachments
from notifications.services import notify

from ..models import Event, Registration
from ..models.events import EVENT_TIME_ZONE

logger = logging.getLogger(__name__)


class RegistrationClosed(Exception):
    """Registration has closed (the deadline passed, or the event began)."""


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


# --- registering and cancelling -----------------------------------------------------------------


@transaction.atomic
def event_register(*, event: Event, user, needs: str = "") -> Registration:
    """Register ``user``: a place if one is free, else the waiting list. Registering again
    (after cancelling) puts the person at the end of the queue; already registered or
    waiting, only the needs change. Raises RegistrationClosed after the deadline."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.is_open:
        raise RegistrationClosed
    needs = needs.strip() if not event.online else ""
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        registration.needs = needs
        registration.save(update_fields=["needs", "updated_at"])
        return registration
    status = Registration.Status.REGISTERED if _free_places(event) else Registration.Status.WAITING
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status = status
    registration.needs = needs
    registration.queued_at = timezone.now()
    registration.save()
    return registration


@transaction.atomic
def event_cancel(*, event: Event, user) -> Registration | None:
    """Cancel ``user``'s registration (or place on the waiting list); a freed place goes to the
    first on the waiting list, who is emailed. The needs are erased at once: nobody needs
    them any more."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        return None
    registration.status = Registration.Status.CANCELLED
    registration.needs = ""
    registration.save(update_fields=["status", "needs", "updated_at"])
    event_fill_places(event=event)
    return registration


def _free_places(event: Event) -> bool | int:
    if event.capacity is None:
        return True
    taken = Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()
    return max(event.capacity - taken, 0)


def event_fill_places(*, event: Event) -> list[Registration]:
    """Give free places to the waiting list, first come first served, and email each person
    moved up (exactly once: the key names the registration and the moment). Called with the
    event's row locked (after a cancellation, or when staff raise the number of places)."""
    if event.start <= timezone.now():
        return []  # the event has begun: nobody is moved up any more
    free = _free_places(event)
    if not free:
        return []
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITING)
    waiting = waiting.select_related("user").order_by("queued_at", "id")
    if free is not True:
        waiting = waiting[:free]
    moved = list(waiting)
    now = timezone.now()
    for registration in moved:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
    notify(
        [_moved_up_spec(registration, now) for registration in moved if registration.user.is_active]
    )
    return moved


@transaction.atomic
def event_places_changed(*, event: Event) -> list[Registration]:
    """Staff changed the event (more places, say): move people up if places are free now."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    return event_fill_places(event=event)


def _moved_up_spec(registration: Registration, now: dt.datetime) -> ReminderSpec:
    user, event = registration.user, registration.event
    return ReminderSpec(
        key=f"event-moved-up:{registration.pk}:{now:%Y%m%d%H%M%S%f}",
        # About the person's own place: sent even to someone who turned reminders off.
        kind=EmailKind.REQUIRED,
        template="event-moved-up",
        email=user.email,
        language=user.language,
        recipient_id=user.pk,
        context=_email_context(event, user),
    )


def _email_context(event: Event, user) -> dict:
    """JSON only: what an event's email shows, in the recipient's language."""
    language = user.language
    start, end = event.local_start, event.local_end
    return {
        "name": user.get_short_name(),
        "language": language,
        "event_id": event.pk,
        "user_id": user.pk,
        "title": event.text_in("title", language),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "date": start.date().isoformat(),
        "time": f"{start:%H:%M}–{end:%H:%M}",
        "online": event.online,
        "address": "" if event.online else event.address,
        "url": _url("network:event", language, slug=event.slug),
    }


def event_email_everyone(*, event: Event, subject: str, message: str, sent_by) -> int:
    """Staff's message to everyone registered (not the waiting list), through the one email
    mechanism: recorded once per person under a key of this message."""
    now = timezone.now()
    registrations = Registration.objects.filter(
        event=event, status=Registration.Status.REGISTERED, user__is_active=True
    ).select_related("user")
    specs = [
        ReminderSpec(
            key=f"event-message:{event.pk}:{now:%Y%m%d%H%M%S%f}:{registration.user_id}",
            kind=EmailKind.REQUIRED,
            template="event-message",
            email=registration.user.email,
            language=registration.user.language,
            recipient_id=registration.user_id,
            context={
                **_email_context(event, registration.user),
                "subject": subject,
                "message": message,
            },
        )
        for registration in registrations
    ]
    with transaction.atomic():
        return notify(specs)


# --- calendars ------------------------------------------------------------------------------------

PRODID = "-//Fairtrade Sverige//Fairtrade City Portal//SV"


def _uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "fairtrade-city.example"
    return f"event-{event.pk}@{host}"


def _vevent(event: Event, *, language: str, with_link: bool, stamp: dt.datetime):
    title = event.text_in("title", language)
    url = _url("network:event", language, slug=event.slug)
    vevent = icalendar.Event()
    vevent.add("uid", _uid(event))
    vevent.add("dtstamp", stamp)
    # In Swedish time with its zone (TZID and a VTIMEZONE), so calendars abroad show it right.
    vevent.add("dtstart", event.start.astimezone(EVENT_TIME_ZONE))
    vevent.add("dtend", event.end.astimezone(EVENT_TIME_ZONE))
    vevent.add("summary", title)
    vevent.add("url", url)
    vevent.add("last-modified", event.updated_at.astimezone(dt.UTC))
    if event.online:
        with translation.override(language):
            location = (
                event.meeting_link
                if with_link and event.meeting_link
                else str(translation.gettext("Online"))
            )
    else:
        location = event.address.replace("\r\n", ", ").replace("\n", ", ")
    vevent.add("location", location)
    description = url
    if with_link and event.online and event.meeting_link:
        description = f"{event.meeting_link}\n\n{url}"
    vevent.add("description", description)
    return vevent


def calendar_ics(events, *, name: str, language: str, with_links: bool = False) -> bytes:
    """An RFC 5545 calendar of ``events``. Meeting links only ``with_links`` (the calendar of a
    person registered for them)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_vevent(event, language=language, with_link=with_links, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_ics(event: Event, *, language: str, with_link: bool) -> bytes:
    return calendar_ics(
        [event], name=event.text_in("title", language), language=language, with_links=with_link
    )


def ics_filename(event: Event) -> str:
    return f"{event.slug}.ics"


@attachments("event-reminder")
@attachments("event-moved-up")
def event_email_attachments(context: dict) -> list[tuple[str, bytes, str]]:
    """The event's .ics, made when the email is sent, from the event as it is then; with the
    meeting link, as the recipient is registered."""
    event = Event.objects.filter(pk=context.get("event_id")).first()
    if event is None:
        return []
    registered = Registration.objects.filter(
        event=event, user_id=context.get("user_id"), status=Registration.Status.REGISTERED
    ).exists()
    language = context.get("language") or settings.LANGUAGE_CODE
    content = event_ics(event, language=language, with_link=registered)
    return [(ics_filename(event), content, "text/calendar")]
