"""Event pages: the list (upcoming, and past on a second tab), an event's page, registering
and cancelling, and the calendars (an event's .ics, the public feed, a person's own feed)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access, refusal

from ..content import render_markdown
from ..forms import RegistrationForm
from ..models import Event, Registration
from ..selectors import events as selectors
from ..selectors.news import personal_feed_for_token
from ..services import events as services

PAGE_SIZE = 10
PAST = "tidigare"  # ?visa=tidigare: the second tab, past events


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _refused(request: HttpRequest, event: Event) -> HttpResponse | None:
    """A public event is public; any other applies the network rule (login for the anonymous,
    the 403 page for people outside the network). A group's event was already 404 outside the
    group (``selectors.event_for``)."""
    if event.is_public:
        return None
    return refusal(request, Who.NETWORK)


def _card(event: Event, language: str) -> dict:
    shown_in = event.text_language("title", language)
    own = getattr(event, "own_registrations", [])
    return {
        "event": event,
        "language": shown_in,
        "title": event.text_in("title", shown_in),
        "status": own[0].status if own else "",
        "full": event.capacity is not None
        and getattr(event, "registered_count", 0) >= event.capacity,
    }


def event_cards(events: list[Event]) -> list[dict]:
    language = _language()
    return [_card(event, language) for event in events]


@access(
    get=Who.PUBLIC,
    note="public events for everyone; members-only events for the network's members; a group's "
    "events only for the group (in_own_groups)",
)
def event_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("visa") == PAST
    paginator = Paginator(selectors.event_listing(request.user, past=past), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    language = _language()
    return render(
        request,
        "network/events/list.html",
        {
            "page": page,
            "events": [_card(event, language) for event in page.object_list],
            "past": past,
            "query": f"visa={PAST}" if past else "",
            "members": selectors.may_see_members_events(request.user),
        },
    )


@access(
    get=Who.PUBLIC,
    note="a public event is public; a members-only event applies the network rule through "
    "access.refusal; a group's event is 404 outside the group",
)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    if (refused := _refused(request, event)) is not None:
        return refused
    return _detail(request, event, form=None)


def _detail(request: HttpRequest, event: Event, *, form, status: int = 200) -> HttpResponse:
    language = event.text_language("description", _language())
    registration = selectors.registration_of(request.user, event)
    registered = registration is not None and registration.status == Registration.Status.REGISTERED
    if form is None:
        form = RegistrationForm(
            event=event, instance=registration if registration is not None else None
        )
    context = {
        "event": event,
        "text_language": language,
        "title": event.text_in("title", language),
        "html": render_markdown(event.text_in("description", language), id_prefix="event-").html,
        "registration": registration,
        "registered": registered,
        "active": registration is not None and registration.status != Registration.Status.CANCELLED,
        "waiting_position": selectors.waiting_position(registration)
        if registration is not None and registration.status == Registration.Status.WAITING
        else None,
        "may_register": selectors.may_register(request.user, event),
        "full": event.capacity is not None and event.registered_count >= event.capacity,
        "form": form,
        "materials": selectors.materials_for(request.user, event)
        if registered or request.user.is_staff
        else [],
        "show_link": registered or request.user.is_staff,
    }
    return render(request, "network/events/detail.html", context, status=status)


@access(
    get=Who.NOBODY,
    post=Who.USER,
    note="members for every event they see; anyone with an account for a public event",
)
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    if (refused := _refused(request, event)) is not None:
        return refused
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return _detail(request, event, form=form, status=400)
    try:
        registration = services.event_register(
            event=event, user=request.user, needs=form.cleaned_data.get("needs", "")
        )
    except services.RegistrationClosed:
        messages.error(request, _("Registration for this event has closed."))
        return redirect(event.get_absolute_url())
    if registration.status == Registration.Status.REGISTERED:
        messages.success(request, _("You are registered. Welcome!"))
    else:
        messages.info(
            request,
            _(
                "The event is full: you are on the waiting list. If a place comes free, you get "
                "it and we email you."
            ),
        )
    return redirect(event.get_absolute_url() + "#registration")


@access(get=Who.NOBODY, post=Who.USER, note="one's own registration only")
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    if (refused := _refused(request, event)) is not None:
        return refused
    if services.event_cancel(event=event, user=request.user) is not None:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event.get_absolute_url() + "#registration")


# --- calendars -----------------------------------------------------------------------------------


def _ics_response(content: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        # It may hold a meeting link or members-only events: never in a shared cache.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response


@access(
    get=Who.PUBLIC,
    note="the same rule as the event's page; the meeting link only for the people registered",
)
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    if (refused := _refused(request, event)) is not None:
        return refused
    registration = selectors.registration_of(request.user, event)
    with_link = registration is not None and registration.status == Registration.Status.REGISTERED
    content = services.event_ics(event, language=_language(), with_link=with_link)
    return _ics_response(
        content, services.ics_filename(event), private=with_link or not event.is_public
    )


@access(get=Who.PUBLIC)
def public_calendar(request: HttpRequest) -> HttpResponse:
    content = services.calendar_ics(
        selectors.public_calendar_events(),
        name=_("Fairtrade City – events"),
        language=_language(),
    )
    return _ics_response(content, "fairtrade-city.ics", private=False)


@access(
    get=Who.PUBLIC,
    note="for calendar programs, which cannot log in: the secret token of the person's "
    "personal feed (shared with the news feed) is the credential (unknown or renewed: 404)",
)
def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    feed = personal_feed_for_token(token)
    content = services.calendar_ics(
        selectors.registered_events_of(feed.user),
        name=_("Fairtrade City – my events"),
        language=(feed.user.language or settings.LANGUAGE_CODE)[:2],
        with_links=True,
    )
    return _ics_response(content, "my-events.ics", private=True)
