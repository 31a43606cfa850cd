"""What the events remind people of, registered with the one reminder mechanism in
``notifications``: 7 days and 1 day before an event, to the people registered, in their
language, with the event's .ics attached.

Each occasion has a window (the 7-day reminder belongs to days 7 to 2 before the start, the
1-day one to the day before and the day itself), so a sweep that did not run on the exact day
still sends it, once: the key names the event, its start (a moved event reminds again), the
occasion and the person.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import override

from notifications.models import EmailKind
from notifications.registry import ReminderSpec, source

from .models import Registration
from .models.events import EVENT_TIME_ZONE

OCCASIONS = [("7", 7, 2), ("1", 1, 0)]  # occasion: days left from … down to …


def occasion_for(start: dt.date, today: dt.date) -> str | None:
    days_left = (start - today).days
    for occasion, high, low in OCCASIONS:
        if low <= days_left <= high:
            return occasion
    return None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=EVENT_TIME_ZONE)


@source("network.events", kinds=[EmailKind.EVENT_REMINDERS])
def event_reminders(today: dt.date, batch_size: int):
    """One query per batch: the registrations (with event and person) of events that start
    from today up to 7 days ahead, in Swedish time."""
    from .services.events import _email_context

    registrations = (
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            user__is_active=True,
            event__start__gte=max(_day_start(today), timezone.now()),
            event__start__lt=_day_start(today + dt.timedelta(days=8)),
        )
        .select_related("event", "user")
        .order_by("id")
    )
    last_id = 0
    while True:
        batch = list(registrations.filter(id__gt=last_id)[:batch_size])
        if not batch:
            break
        last_id = batch[-1].id
        specs = []
        for registration in batch:
            event, user = registration.event, registration.user
            start = event.start.astimezone(EVENT_TIME_ZONE)
            occasion = occasion_for(start.date(), today)
            if occasion is None:
                continue
            with override(user.language):
                context = _email_context(event, user)
            specs.append(
                ReminderSpec(
                    key=f"event:{event.pk}:{start:%Y%m%d%H%M}:{occasion}:{user.pk}",
                    kind=EmailKind.EVENT_REMINDERS,
                    template="event-reminder",
                    email=user.email,
                    language=user.language,
                    recipient_id=user.pk,
                    context={**context, "days_left": (start.date() - today).days},
                )
            )
        yield specs
