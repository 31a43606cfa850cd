"""A member registers for an event that is full, is put on the waiting list, is moved up when
someone cancels and gets the email; then adds the event to their calendar (the .ics parses)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from network.models import Event, Registration

from .helpers import follow, submit
from .test_diploma_journey import use_session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_waits_for_a_place_gets_it_and_adds_the_event_to_the_calendar(
    page, check_page, live_server, network, member, coordinator
):
    start = timezone.now() + dt.timedelta(days=12)
    event = Event.objects.create(
        slug="natverkstraff",
        kind=Event.Kind.NETWORK_MEETING,
        title_sv="Nationell nätverksträff",
        description_sv="## Program\n\nNytt från Fairtrade Sverige.",
        start=start,
        end=start + dt.timedelta(hours=2),
        online=True,
        meeting_link="https://meet.example/natverkstraff",
        capacity=1,
        audience=Event.Audience.MEMBERS,
    )
    Registration.objects.create(event=event, user=coordinator, status="registered")

    # The member finds the event through the intranet's menu; it is full.
    use_session_of(page, live_server.url, member)
    page.goto(f"{live_server.url}/")
    check_page()
    follow(page, check_page, page.locator(".intranet-menu").get_by_role("link", name="Evenemang"))
    expect(page.locator("h1")).to_have_text("Evenemang")
    follow(page, check_page, page.get_by_role("link", name="Nationell nätverksträff"))
    expect(page.locator("h1")).to_have_text("Nationell nätverksträff")
    expect(page.get_by_text("https://meet.example/natverkstraff")).to_have_count(0)
    submit(page, check_page, page.get_by_role("button", name="Ställ dig på väntelistan"))
    expect(page.get_by_text("Du står på väntelistan, nummer 1.")).to_be_visible()

    # Someone else cancels: the member has the place and an email says so.
    use_session_of(page, live_server.url, coordinator)
    page.goto(f"{live_server.url}/evenemang/natverkstraff/")
    check_page()
    submit(page, check_page, page.get_by_role("button", name="Avboka min anmälan"))
    expect(page.get_by_text("Din anmälan är avbokad.")).to_be_visible()
    [email] = [m for m in mail.outbox if m.to == [member.email]]
    assert email.subject == "Du har fått en plats: Nationell nätverksträff"
    assert "/evenemang/natverkstraff/" in email.body

    # The member sees the place and the meeting link, and adds the event to the calendar.
    use_session_of(page, live_server.url, member)
    page.goto(f"{live_server.url}/evenemang/natverkstraff/")
    check_page()
    expect(page.get_by_text("Du är anmäld.", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Gå till mötet")).to_have_attribute(
        "href", "https://meet.example/natverkstraff"
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg till i min kalender (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "natverkstraff.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Nationell nätverksträff"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert vevent["DTSTART"].dt == start.replace(microsecond=0)
    assert str(vevent["LOCATION"]) == "https://meet.example/natverkstraff"
    assert calendar.walk("VTIMEZONE")
