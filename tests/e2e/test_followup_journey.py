"""A coordinator records a contract (a wrong organisation number first), plans a self-assessment
and receives its reminder (the sweep, sending to a local SMTP server), records an office audit
with a deviation and closes its corrective action; Lund, invited to the shared follow-up, sees
which of its requirements are covered and relies on it. axe checks every page on the way, on a
phone."""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from playwright.sync_api import expect

from notifications.services import reminders_send, reminders_sendable_ids, reminders_sweep
from procurement.models import Contract, Deviation, Level
from procurement.services import followup as services
from procurement.services.packages import package_create

from ..procurement.factories import category, requirement
from .helpers import expect_field_error, follow, main_submit, submit
from .test_diploma_journey import use_session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class _Inbox:
    """What a local SMTP server accepted, as parsed messages."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 2.0.0 Accepted"


@contextlib.contextmanager
def mail_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox(port)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def coffee(empty_library):
    category("KAF")
    return [
        requirement("FT-KAF-001", level=Level.BASIC, title_sv="Kaffe med hållbarhetsmärkning"),
        requirement("FT-KAF-002", level=Level.ADVANCED, title_sv="Långsiktiga handelsrelationer"),
    ]


def test_a_coordinator_follows_up_a_supplier_and_another_organisation_relies_on_it(
    page, check_page, live_server, coffee, network, coordinator, other_coordinator, malmo, lund
):
    today = dt.date.today()
    for organisation in (malmo, lund):
        package_create(
            organisation=organisation,
            name=f"Kaffe {organisation.name}",
            procurement_date=None,
            language="sv",
            requirements=coffee,
            by=None,
        )
    page.set_viewport_size({"width": 390, "height": 844})
    use_session_of(page, live_server.url, coordinator)
    page.goto(f"/organisationer/{malmo.slug}/upphandling/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="Registrera ett avtal"))
    page.locator("#id_supplier_name").fill("Kaffebolaget AB")
    page.locator("#id_supplier_number").fill("556677-8898")
    page.locator("#id_category").select_option(label="Kaffe")
    page.locator("#id_package").select_option(label="Kaffe Malmö")
    page.locator("#id_starts_on").fill((today - dt.timedelta(days=100)).isoformat())
    page.locator("#id_ends_on").fill((today + dt.timedelta(days=700)).isoformat())
    submit(page, check_page, main_submit(page))
    expect(expect_field_error(page, "id_supplier_number")).to_contain_text("sista siffra")
    assert not Contract.objects.exists()
    page.locator("#id_supplier_number").fill("556677-8899")
    submit(page, check_page, main_submit(page))
    expect(page.locator("h1")).to_have_text("Kaffebolaget AB")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    # A self-assessment due in ten days, then the office audit that found a deviation.
    follow(page, check_page, page.get_by_role("link", name="Planera ett steg"))
    page.locator("#id_kind").select_option(label="Självskattning")
    page.locator("#id_planned_on").fill((today + dt.timedelta(days=10)).isoformat())
    page.locator("#id_responsible").select_option(label=coordinator.name)
    submit(page, check_page, main_submit(page))

    # The night's sweep: the reminder of the self-assessment reaches a real SMTP server.
    with (
        mail_server() as received,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=received.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ),
    ):
        reminders_sweep()
        reminders_send(reminders_sendable_ids())
    (reminder,) = [m for m in received.messages if m["To"] == coordinator.email]
    assert "Självskattning" in reminder.get_body(("plain",)).get_content()
    assert "Kaffebolaget AB" in reminder.get_body(("plain",)).get_content()

    follow(page, check_page, page.get_by_role("link", name="Planera ett steg"))
    page.locator("#id_kind").select_option(label="Kontorsrevision")
    page.locator("#id_planned_on").fill((today - dt.timedelta(days=5)).isoformat())
    page.locator("#id_result").select_option(label="Avvikelser funna")
    page.locator("#id_done_on").fill((today - dt.timedelta(days=2)).isoformat())
    submit(page, check_page, main_submit(page))
    follow(page, check_page, page.get_by_role("link", name="Registrera en avvikelse").first)
    page.locator("#id_requirement").select_option(label="FT-KAF-002")
    page.locator("#id_severity").select_option(label="Större")
    page.locator("#id_description").fill("Inga långsiktiga avtal med odlarna.")
    page.locator("#id_corrective_action").fill("Teckna avtal med kooperativen.")
    page.locator("#id_deadline").fill((today + dt.timedelta(days=30)).isoformat())
    submit(page, check_page, main_submit(page))
    expect(page.get_by_text("Teckna avtal med kooperativen.")).to_be_visible()
    submit(page, check_page, page.get_by_role("button", name="Verifierat avslutad"))
    assert Deviation.objects.get().closed_on == today

    # Lund has the same supplier; Malmö shares its follow-up and invites Lund.
    contract = Contract.objects.get()
    theirs = services.contract_create(
        organisation=lund,
        supplier_name="Kaffebolaget AB",
        supplier_number="556677-8899",
        category=contract.category,
        package=lund.requirement_packages.get(),
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
    )
    follow(page, check_page, page.get_by_role("link", name="Dela uppföljningen med andra"))
    page.locator("#id_summary").fill("Kontorsrevision gjord, avvikelsen åtgärdad.")
    page.get_by_label("Lund", exact=True).check()
    submit(page, check_page, main_submit(page))

    use_session_of(page, live_server.url, other_coordinator)
    page.goto(f"/organisationer/{lund.slug}/upphandling/avtal/{theirs.pk}/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="vilka av era krav den täcker"))
    expect(page.get_by_text("Återanvändningsregeln gäller:")).to_be_visible()
    expect(page.locator("#coverage-caption")).to_have_text("Era krav")
    mark = "Markera vår uppföljning som täckt av gemensam uppföljning"
    submit(page, check_page, page.get_by_role("button", name=mark))
    expect(page.locator(".note", has_text="Täckt av gemensam uppföljning:")).to_be_visible()
    theirs.refresh_from_db()
    assert theirs.covered_by == contract.shared
