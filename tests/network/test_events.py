"""Events: who sees which, registering and cancelling with the waiting list (and the last place
taken by two people at once), the needs and their erasure, reminders, the calendars, materials,
the admin, the home page and query counts."""

from __future__ import annotations

import datetime as dt
import threading
import time

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Event, Group, GroupMembership, PersonalFeed, Registration
from network.services import events as services
from notifications.models import EmailKind, EmailOptOut, Reminder
from notifications.services import reminders_sweep
from tests.conftest import log_in_counted, make_user

pytestmark = pytest.mark.django_db

EVENTS = "/evenemang/"
STOCKHOLM = "Europe/Stockholm"


def make_event(slug: str, *, days: float = 10, audience=Event.Audience.MEMBERS, **extra) -> Event:
    start = extra.pop("start", timezone.now() + dt.timedelta(days=days))
    online = extra.pop("online", True)
    return Event.objects.create(
        slug=slug,
        kind=extra.pop("kind", Event.Kind.NETWORK_MEETING),
        title_sv=extra.pop("title_sv", f"Träff {slug}"),
        description_sv=extra.pop("description_sv", f"Om {slug}."),
        start=start,
        end=extra.pop("end", start + dt.timedelta(hours=2)),
        online=online,
        meeting_link=extra.pop("meeting_link", "https://meet.example/hemlig" if online else ""),
        address=extra.pop("address", "" if online else "Stortorget 1\n211 22 Malmö"),
        audience=audience,
        **extra,
    )


@pytest.fixture
def team(db, other_coordinator, member) -> Group:
    """A group with Olle (Lund) in it; Mats (Malmö) is a member of the network, not of it."""
    group = Group.objects.create(slug="team", kind=Group.Kind.PROJECT, name_sv="Projektgruppen")
    GroupMembership.objects.create(group=group, user=other_coordinator)
    return group


def register(client, event: Event, **data):
    return client.post(reverse("network:event_register", args=[event.slug]), data)


def cancel(client, event: Event):
    return client.post(reverse("network:event_cancel", args=[event.slug]))


def statuses(event: Event) -> dict[str, str]:
    return dict(event.registrations.values_list("user__email", "status"))


# --- the list and who sees what ------------------------------------------------------------------


def test_upcoming_events_come_soonest_first_and_past_ones_on_the_second_tab(
    client, network, member
):
    make_event("later", days=20, title_sv="Senare träff")
    make_event("sooner", days=2, title_sv="Snar träff")
    make_event("over", days=-5, title_sv="Gammal träff")
    client.force_login(member)
    html = client.get(EVENTS).text
    assert html.index("Snar träff") < html.index("Senare träff")
    assert "Gammal träff" not in html
    assert 'href="/evenemang/" aria-current="page"' in html
    past = client.get(EVENTS, {"visa": "tidigare"}).text
    assert "Gammal träff" in past and "Snar träff" not in past
    assert 'href="/evenemang/?visa=tidigare" aria-current="page"' in past


def test_the_list_paginates(client, network, member):
    for index in range(23):
        make_event(f"e{index}", days=index + 1)
    client.force_login(member)
    first = client.get(EVENTS).text
    assert first.count('class="event-summary"') == 10 and "Sida 1 av 3" in first
    assert client.get(EVENTS, {"page": 3}).text.count('class="event-summary"') == 3
    assert client.get(EVENTS, {"page": "x"}).status_code == 200


def test_the_audience_rule_in_the_list(
    client, network, member, outsider, other_coordinator, staff, team
):
    make_event("open", audience=Event.Audience.PUBLIC, title_sv="Öppen träff")
    make_event("members", title_sv="Medlemsträff")
    make_event("team-only", audience=Event.Audience.GROUP, group=team, title_sv="Gruppträff")

    def titles():
        html = client.get(EVENTS).text
        return {t for t in ("Öppen träff", "Medlemsträff", "Gruppträff") if t in html}

    assert titles() == {"Öppen träff"}
    client.force_login(outsider)
    assert titles() == {"Öppen träff"}
    client.force_login(member)
    assert titles() == {"Öppen träff", "Medlemsträff"}
    client.force_login(other_coordinator)
    assert titles() == {"Öppen träff", "Medlemsträff", "Gruppträff"}
    client.force_login(staff)
    assert titles() == {"Öppen träff", "Medlemsträff", "Gruppträff"}


# The access matrix of every new address: anonymous, a logged-in person outside the network, a
# member, a member of another group (for the group's event), staff.
def _paths(event: Event) -> list[str]:
    return [
        reverse("network:event", args=[event.slug]),
        reverse("network:event_calendar", args=[event.slug]),
    ]


@pytest.mark.parametrize(
    ("persona", "public", "members", "group"),
    [
        ("anonymous", 200, 302, 404),
        ("outsider", 200, 403, 404),
        ("member", 200, 200, 404),  # Mats is not in the group
        ("other_coordinator", 200, 200, 200),  # Olle is
        ("staff", 200, 200, 200),
    ],
)
def test_the_access_matrix_of_an_events_pages(
    client, network, team, request, persona, public, members, group
):
    events = {
        "public": make_event("open", audience=Event.Audience.PUBLIC),
        "members": make_event("members"),
        "group": make_event("team-only", audience=Event.Audience.GROUP, group=team),
    }
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for audience, expected in (("public", public), ("members", members), ("group", group)):
        for path in _paths(events[audience]):
            assert client.get(path).status_code == expected, (persona, path)
    assert client.get(reverse("network:event", args=["nothing"])).status_code == 404
    assert client.get(reverse("network:events")).status_code == 200
    assert client.get(reverse("network:events_calendar")).status_code == 200


@pytest.mark.parametrize(
    ("persona", "public", "members", "group"),
    [
        ("anonymous", 302, 302, 302),  # log in first
        ("outsider", "registered", 403, 404),
        ("member", "registered", "registered", 404),
        ("other_coordinator", "registered", "registered", "registered"),
        ("staff", "registered", "registered", "registered"),
    ],
)
def test_the_access_matrix_of_registering_and_cancelling(
    client, network, team, request, persona, public, members, group
):
    events = {
        "public": make_event("open", audience=Event.Audience.PUBLIC),
        "members": make_event("members"),
        "group": make_event("team-only", audience=Event.Audience.GROUP, group=team),
    }
    user = None
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        client.force_login(user)
    for audience, expected in (("public", public), ("members", members), ("group", group)):
        event = events[audience]
        assert client.get(reverse("network:event_register", args=[event.slug])).status_code == 405
        response = register(client, event)
        if expected == "registered":
            assert response.status_code == 302
            assert Registration.objects.get(event=event, user=user).status == "registered"
            assert cancel(client, event).status_code == 302
            assert Registration.objects.get(event=event, user=user).status == "cancelled"
        else:
            assert response.status_code == expected, (persona, audience)
            assert cancel(client, event).status_code == expected, (persona, audience)
            assert not Registration.objects.filter(event=event).exists()


# --- registering, the waiting list ---------------------------------------------------------------


def test_a_full_event_puts_people_on_the_waiting_list_and_a_cancellation_moves_the_first_up(
    client, network, member, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    event = make_event("full", capacity=1, title_sv="Liten träff")
    other_coordinator.language = "en"
    other_coordinator.save()
    for person in (coordinator, member, other_coordinator):
        client.force_login(person)
        register(client, event)
    assert statuses(event) == {
        coordinator.email: "registered",
        member.email: "waiting",
        other_coordinator.email: "waiting",
    }
    client.force_login(member)
    html = client.get(event.get_absolute_url()).text
    assert "Du står på väntelistan, nummer 1." in html
    assert "https://meet.example/hemlig" not in html  # not registered: no link

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert cancel(client, event).status_code == 302
    assert statuses(event)[member.email] == "registered"
    assert statuses(event)[other_coordinator.email] == "waiting"
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Du har fått en plats: Liten träff"
    assert event.get_absolute_url() in email.body
    [(name, content, mimetype)] = email.attachments
    assert name == "full.ics" and mimetype == "text/calendar"
    assert "meet.example/hemlig" in str(content)  # registered now: with the link

    client.force_login(member)
    html = client.get(event.get_absolute_url()).text
    assert "Du är anmäld." in html and "https://meet.example/hemlig" in html


def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue(
    client, network, member, coordinator, other_coordinator
):
    event = make_event("full", capacity=1)
    for person in (coordinator, member, other_coordinator):
        client.force_login(person)
        register(client, event)
    client.force_login(member)
    cancel(client, event)
    register(client, event)
    waiting = event.registrations.filter(status="waiting").order_by("queued_at", "id")
    assert [r.user for r in waiting] == [other_coordinator, member]
    assert "nummer 2" in client.get(event.get_absolute_url()).text


def test_raising_the_places_in_the_admin_moves_people_up(
    client, network, staff, member, coordinator, django_capture_on_commit_callbacks
):
    event = make_event("full", capacity=1)
    services.event_register(event=event, user=coordinator)
    services.event_register(event=event, user=member)
    event.capacity = 2
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.event_places_changed(event=event)
    assert [r.user for r in moved] == [member]
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_registration_closes_at_the_deadline(client, network, member):
    event = make_event("closed", registration_deadline=timezone.now() - dt.timedelta(hours=1))
    client.force_login(member)
    response = register(client, event)
    assert response.status_code == 302
    assert not Registration.objects.exists()
    html = client.get(event.get_absolute_url()).text
    assert "Anmälan har stängt." in html


def test_needs_are_asked_only_on_site_and_the_form_says_how_long_they_are_kept(
    client, network, member
):
    online = make_event("online")
    on_site = make_event("on-site", online=False)
    client.force_login(member)
    assert "id_needs" not in client.get(online.get_absolute_url()).text
    html = client.get(on_site.get_absolute_url()).text
    assert "id_needs" in html
    assert "30 dagar efter evenemanget" in html
    register(client, on_site, needs="Glutenfritt")
    register(client, online, needs="ignoreras")
    assert Registration.objects.get(event=on_site).needs == "Glutenfritt"
    assert Registration.objects.get(event=online).needs == ""


def test_too_long_needs_get_a_field_error_and_nothing_changes(client, network, member):
    event = make_event("on-site", online=False)
    client.force_login(member)
    response = register(client, event, needs="x" * 1001)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert "som mest 1000 tecken" in response.text
    assert not Registration.objects.exists()
    english = client.post(
        "/en" + reverse("network:event_register", args=[event.slug]), {"needs": "x" * 1001}
    )
    assert "at most 1000 characters" in english.text
    assert not Registration.objects.exists()


def test_cancelling_erases_the_needs_and_the_retention_job_erases_old_ones(
    client, network, member, coordinator
):
    from accounts.retention import retention_apply

    event = make_event("on-site", online=False)
    client.force_login(member)
    register(client, event, needs="Rullstol")
    cancel(client, event)
    assert Registration.objects.get(user=member).needs == ""

    old = make_event("old", online=False, days=-40)
    recent = make_event("recent", online=False, days=-20)
    for each in (old, recent):
        Registration.objects.create(
            event=each, user=coordinator, status="registered", needs="Vegan"
        )
    assert retention_apply()["event_needs"] == 1
    assert Registration.objects.get(event=old).needs == ""
    assert Registration.objects.get(event=recent).needs == "Vegan"
    assert "30 dagar efter evenemanget" in client.get("/personuppgifter/").text


# --- the last place, taken by two at the same moment ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_the_same_moment_get_exactly_one_place(
    on_postgresql, network, member, coordinator, monkeypatch
):
    event = make_event("last-place", capacity=1)
    counting = services._free_places

    def slow_count(event):
        # Both requests arrive together; without the lock on the event's row both would count
        # a free place here before either wrote its registration.
        free = counting(event)
        time.sleep(0.3)
        return free

    monkeypatch.setattr(services, "_free_places", slow_count)
    start = threading.Barrier(2)
    answers = {}

    def ask(user):
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            answers[user.email] = register(client, event).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(user,)) for user in (member, coordinator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert answers == {member.email: 302, coordinator.email: 302}
    assert sorted(statuses(event).values()) == ["registered", "waiting"]


# --- reminders -----------------------------------------------------------------------------------


def test_reminders_go_7_days_and_1_day_before_once_in_the_persons_language_with_the_ics(
    network, member, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    from notifications.tasks import dispatch_reminders

    today = timezone.localdate()
    start = dt.datetime.combine(
        today + dt.timedelta(days=7), dt.time(10), tzinfo=services.EVENT_TIME_ZONE
    )
    event = make_event("soon", start=start, title_sv="Nätverksträff", title_en="Network meeting")
    member.language = "en"
    member.save()
    for person in (member, coordinator, other_coordinator):
        services.event_register(event=event, user=person)
    services.event_cancel(event=event, user=other_coordinator)
    EmailOptOut.objects.create(user=coordinator, kind=EmailKind.EVENT_REMINDERS)

    def sweep(day):
        reminders_sweep(today=day)
        dispatch_reminders()

    sweep(today - dt.timedelta(days=1))  # 8 days before: nothing yet
    assert not Reminder.objects.exists()
    sweep(today)
    sweep(today)  # the sweep run again the same day
    sweep(today + dt.timedelta(days=2))  # still within the 7-day window
    assert [m.to for m in mail.outbox] == [[member.email]]
    [email] = mail.outbox
    assert email.subject == "In 7 days: Network meeting"
    assert (
        "unsubscribe" in email.extra_headers["List-Unsubscribe"]
        or email.extra_headers["List-Unsubscribe"]
    )
    [(name, content, mimetype)] = email.attachments
    assert name == "soon.ics" and mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Network meeting"
    skipped = Reminder.objects.get(recipient=coordinator)
    assert skipped.status == Reminder.Status.SKIPPED

    sweep(today + dt.timedelta(days=6))  # the day before
    sweep(today + dt.timedelta(days=7))  # the day itself: the 1-day one is sent already
    assert [m.subject for m in mail.outbox] == [
        "In 7 days: Network meeting",
        "Tomorrow or today: Network meeting",
    ]
    assert Reminder.objects.filter(recipient=member).count() == 2


def test_a_sweep_that_missed_the_day_still_sends_the_reminder_once(network, member):
    from notifications.tasks import dispatch_reminders

    today = timezone.localdate()
    start = dt.datetime.combine(
        today + dt.timedelta(days=1), dt.time(10), tzinfo=services.EVENT_TIME_ZONE
    )
    event = make_event("tomorrow", start=start)
    services.event_register(event=event, user=member)
    reminders_sweep(today=today)  # 7 days before was missed: only the 1-day reminder is due
    dispatch_reminders()
    assert [m.subject for m in mail.outbox] == [f"I morgon eller i dag: {event.title_sv}"]


def test_people_can_turn_event_reminders_off_on_their_email_page(client, network, member):
    client.force_login(member)
    html = client.get(reverse("notifications:preferences")).text
    assert "Påminnelser om evenemang som jag har anmält mig till" in html


# --- calendars -----------------------------------------------------------------------------------


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_an_events_ics_has_the_fields_of_rfc_5545_in_swedish_time(client, network, member):
    start = dt.datetime(2027, 3, 10, 9, 30, tzinfo=services.EVENT_TIME_ZONE)
    event = make_event(
        "mars", start=start, online=False, title_sv="Marsträff", audience=Event.Audience.PUBLIC
    )
    calendar = parse(client.get(reverse("network:event_calendar", args=["mars"])))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.pk}@127.0.0.1"
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    assert vevent["DTSTART"].params["TZID"] == STOCKHOLM
    assert vevent["DTSTART"].dt == start
    assert vevent["DTEND"].dt == start + dt.timedelta(hours=2)
    assert str(vevent["SUMMARY"]) == "Marsträff"
    assert str(vevent["URL"]) == "http://127.0.0.1:8000/evenemang/mars/"
    assert str(vevent["LOCATION"]) == "Stortorget 1, 211 22 Malmö"
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == STOCKHOLM
    assert (
        client.get(reverse("network:event_calendar", args=["mars"]))["Content-Disposition"]
        == 'attachment; filename="mars.ics"'
    )


def test_the_meeting_link_is_in_the_ics_only_for_the_people_registered(client, network, member):
    event = make_event("online")
    client.force_login(member)
    url = reverse("network:event_calendar", args=[event.slug])
    assert "meet.example" not in client.get(url).content.decode()
    register(client, event)
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    [vevent] = parse(response).walk("VEVENT")
    assert str(vevent["LOCATION"]) == "https://meet.example/hemlig"


def test_the_public_feed_lists_only_public_events(client, network, team):
    make_event("open", audience=Event.Audience.PUBLIC, title_sv="Öppen träff")
    make_event("members", title_sv="Medlemsträff")
    make_event("team-only", audience=Event.Audience.GROUP, group=team, title_sv="Gruppträff")
    calendar = parse(client.get(reverse("network:events_calendar")))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Öppen träff"]
    assert "meet.example" not in client.get(reverse("network:events_calendar")).content.decode()


def personal_calendar_url(client) -> str:
    html = client.get(reverse("profile")).text
    start = html.index('id="personal-calendar-url"')
    value = html[start:].split('value="', 1)[1].split('"', 1)[0]
    return value.replace("http://127.0.0.1:8000", "")


def test_the_personal_feed_lists_the_events_the_person_registered_for_and_renews(
    client, network, member
):
    mine = make_event("mine", title_sv="Min träff")
    make_event("other", title_sv="Annan träff")
    waiting = make_event("waiting", capacity=0, title_sv="Full träff")
    client.force_login(member)
    register(client, mine)
    register(client, waiting)
    client.post(reverse("network:news_feed_renew"))
    url = personal_calendar_url(client)
    client.logout()  # a calendar program has no session
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    [vevent] = parse(response).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Min träff"
    assert str(vevent["LOCATION"]) == "https://meet.example/hemlig"

    client.force_login(member)
    client.post(reverse("network:news_feed_renew"))
    new = personal_calendar_url(client)
    assert new != url
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(new).status_code == 200
    guessed = reverse(
        "network:events_personal_calendar", args=[PersonalFeed.objects.get().key + "x" * 43]
    )
    assert client.get(guessed).status_code == 404


# --- materials, the home page, the group's page --------------------------------------------------


def test_materials_are_shown_to_the_people_registered_and_in_the_library(
    client, network, member, coordinator
):
    from tests.network.test_resources import make

    event = make_event("over", days=-3)
    Registration.objects.create(event=event, user=member, status="registered", attended=True)
    make("Bilder från träffen", event=event)
    client.force_login(member)
    assert "Bilder från träffen" in client.get(event.get_absolute_url()).text
    assert "Bilder från träffen" in client.get("/resurser/").text
    client.force_login(coordinator)  # not registered
    assert "Bilder från träffen" not in client.get(event.get_absolute_url()).text


def test_the_home_page_shows_the_next_three_public_events(client, network):
    for index in range(4):
        make_event(
            f"p{index}", days=index + 1, audience=Event.Audience.PUBLIC, title_sv=f"Publik {index}"
        )
    make_event("members", days=0.5, title_sv="Medlemsträff")
    make_event("over", days=-1, audience=Event.Audience.PUBLIC, title_sv="Förbi")
    html = client.get("/").text
    block = html.split('id="upcoming-events-title"', 1)[1].split("</section>", 1)[0]
    assert [t for t in ("Publik 0", "Publik 1", "Publik 2") if t in block] == [
        "Publik 0",
        "Publik 1",
        "Publik 2",
    ]
    assert "Publik 3" not in block and "Medlemsträff" not in block and "Förbi" not in block


def test_a_groups_events_are_in_its_latest_activity_for_its_members_only(
    network, team, member, other_coordinator
):
    from network.selectors.group_activity import latest_activity

    make_event("team-only", audience=Event.Audience.GROUP, group=team, title_sv="Gruppträff")
    make_event("members", title_sv="Medlemsträff")
    activity = latest_activity(team, other_coordinator)
    assert [(str(a.kind), a.title, a.url) for a in activity] == [
        ("Evenemang", "Gruppträff", "/evenemang/team-only/")
    ]


def test_an_event_needs_its_group_only_with_the_group_audience(team):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    event = make_event("x")
    event.group = team
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "group" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_english_readers_get_the_english_text_or_the_swedish_marked(client, network, member):
    make_event("sv", title_sv="Bara svenska")
    make_event("en", title_sv="Båda", title_en="Both", description_en="In English.")
    client.force_login(member)
    assert "shown in Swedish" in client.get("/en/evenemang/sv/").text
    english = client.get("/en/evenemang/en/").text
    assert "<h1>Both</h1>" in english and "In English." in english


# --- the admin -----------------------------------------------------------------------------------


def test_staff_see_registrations_export_them_and_mark_attendance(client, network, staff, member):
    event = make_event("x", online=False, title_sv="=Träff")
    registration = Registration.objects.create(
        event=event, user=member, status="registered", needs="Vegetariskt"
    )
    client.force_login(staff)
    changelist = reverse("admin:network_registration_changelist")
    assert "Vegetariskt" in client.get(changelist, {"event__id__exact": event.pk}).text
    response = client.post(
        changelist,
        {"action": "export_csv", "_selected_action": [registration.pk]},
    )
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "mats@malmo.example" in text and "'=Träff" in text
    assert client.get(reverse("admin:network_event_change", args=[event.pk])).status_code == 200


def test_staff_email_everyone_registered_through_the_notifications(
    client, network, staff, member, coordinator, django_capture_on_commit_callbacks
):
    event = make_event("x", capacity=1, title_sv="Träffen")
    services.event_register(event=event, user=member)
    services.event_register(event=event, user=coordinator)  # waiting: not emailed
    client.force_login(staff)
    url = reverse("admin:network_event_email", args=[event.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"subject": "", "message": ""}).status_code == 200
    assert not Reminder.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Ny lokal", "message": "Vi ses i sal B."})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == [member.email] and email.subject == "Ny lokal"
    assert "Vi ses i sal B." in email.body
    action = client.post(
        reverse("admin:network_event_changelist"),
        {"action": "email_registered", "_selected_action": [event.pk]},
    )
    assert action.status_code == 302 and action.url == url


# --- personal data -------------------------------------------------------------------------------


def test_the_export_holds_the_registrations_and_erasure_frees_the_place(
    network, member, coordinator, django_capture_on_commit_callbacks
):
    from accounts.services import account_erase
    from network.personal_data import export_event_registrations

    event = make_event("x", capacity=1, online=False)
    services.event_register(event=event, user=member, needs="Laktosfritt")
    services.event_register(event=event, user=coordinator)
    [data] = export_event_registrations(member).data["registrations"]
    assert data["needs"] == "Laktosfritt" and data["status"] == "registered"
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=member)
    assert statuses(event) == {coordinator.email: "registered"}


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 60])
def test_the_list_runs_the_same_queries_with_5_and_60_events(
    client, network, member, coordinator, count
):
    for index in range(count):
        event = make_event(f"e{index}", days=index + 1, capacity=3)
        Registration.objects.create(event=event, user=coordinator, status="registered")
    log_in_counted(client, member)
    client.get(EVENTS)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(EVENTS).status_code == 200
    # session and user, membership check, count, page, own registrations
    assert len(queries) == 6, [q["sql"][:120] for q in queries]


@pytest.mark.parametrize("count", [5, 60])
def test_the_anonymous_list_and_home_page_run_the_same_queries_at_two_sizes(
    client, count, django_assert_num_queries
):
    for index in range(count):
        make_event(f"e{index}", days=index + 1, audience=Event.Audience.PUBLIC)
    with django_assert_num_queries(2):  # count and page
        assert client.get(EVENTS).status_code == 200
    with django_assert_num_queries(2):  # the news, the events
        assert client.get("/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("network:events_calendar")).status_code == 200


def test_the_event_pages_are_valid_html(client, network, member, staff, team):
    from tests.pagecheck import run_vnu

    on_site = make_event("on-site", online=False, capacity=1, audience=Event.Audience.PUBLIC)
    online = make_event("online", title_en="Online meeting", description_en="English.")
    make_event("over", days=-3)
    pages = {
        "list (anonymous)": client.get(EVENTS).text,
        "event (anonymous)": client.get(on_site.get_absolute_url()).text,
        "home (anonymous)": client.get("/").text,
    }
    client.force_login(member)
    pages["event form (member)"] = client.get(on_site.get_absolute_url()).text
    pages["error (member)"] = register(client, on_site, needs="x" * 1001).text
    register(client, on_site)
    register(client, online)
    for path in (
        EVENTS,
        f"{EVENTS}?visa=tidigare",
        on_site.get_absolute_url(),
        "/en/evenemang/online/",
        "/konto/",
    ):
        pages[f"{path} (member)"] = client.get(path).text
    client.force_login(staff)
    pages["waiting (staff)"] = (
        register(client, on_site),
        client.get(on_site.get_absolute_url()).text,
    )[1]
    errors = run_vnu(pages)
    assert not errors, "\n".join(f"{e.source}: {e.message} [{e.extract}]" for e in errors)


def test_a_stranger_with_an_account_registers_for_a_public_event(client, network):
    stranger = make_user("sam@exempel.example", "Sam Främling")
    event = make_event("open", audience=Event.Audience.PUBLIC)
    client.force_login(stranger)
    register(client, event)
    assert statuses(event) == {stranger.email: "registered"}
