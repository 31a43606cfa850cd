"""A person downloads everything the portal holds about them, and can erase their account:
what is only theirs goes, what belongs to the organisation stays under "former member"."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import DataExport, User
from diplomas import services as diploma_services
from diplomas.models import (
    Activity,
    Answer,
    CoordinatorRequest,
    Diploma,
    DiplomaStatusChange,
    GroupMember,
    Invitation,
    Membership,
    SubmissionEvent,
)
from network.models import PrintOrder
from notifications.models import EmailKind, EmailOptOut, Reminder
from tests.conftest import PASSWORD
from tests.diplomas.factories import pdf

NAME = "Sara Samordnare"
EMAIL = "sara@malmo.example"


@pytest.fixture
def saras_portal(criteria, coordinator, member, staff, malmo, lund):
    """Sara (coordinator of Malmö) as the portal holds her after a year of use."""
    submission = diploma_services.submission_start(organisation=malmo, by=coordinator)
    criterion = submission.asked_criteria().filter(computed="").first()
    Answer.objects.update_or_create(
        submission=submission, criterion=criterion, defaults={"text": "Beslut i fullmäktige"}
    )
    attachment = diploma_services.attachment_add(
        submission=submission, criterion=criterion, upload=pdf("beslut.pdf"), by=coordinator
    )
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionEvent.Action.SUBMITTED, by=coordinator
    )
    group_answer = Answer.objects.exclude(pk__isnull=True).filter(submission=submission).first()
    group_answer.snapshot = {
        "people": [
            {"name": NAME, "role": "chair", "sector": "official"},
            {"name": "Kim Kontakt", "role": "contact", "sector": "politician"},
        ]
    }
    group_answer.save()
    diploma, _created = Diploma.objects.get_or_create(
        organisation=malmo, defaults={"kind": "city", "status": "applying"}
    )
    DiplomaStatusChange.objects.create(
        diploma=diploma,
        from_status="",
        to_status="applying",
        reason="Ansökan",
        changed_by=coordinator,
    )
    Activity.objects.create(
        organisation=malmo,
        date=dt.date(2026, 5, 4),
        title="Fairtrade-fika",
        kind="tasting",
        created_by=coordinator,
    )
    diploma_services.invitation_send(
        organisation=malmo, email="ny@malmo.example", role="member", by=coordinator
    )
    Invitation.objects.create(
        organisation=malmo,
        email=EMAIL,
        role="coordinator",
        token="accepted-invitation",
        expires_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    diploma_services.coordinator_request_create(
        user=coordinator, organisation=lund, role="Miljöstrateg", motivation="Jag flyttar."
    )
    GroupMember.objects.create(
        organisation=malmo,
        name=NAME,
        role="chair",
        sector="official",
        email=EMAIL,
        phone="040-12 34 56",
        user=coordinator,
    )
    Reminder.objects.create(
        key="report-due:1280:2026:30",
        kind=EmailKind.REPORT_REMINDERS,
        template="reminder-report-due",
        recipient=coordinator,
        email=EMAIL,
        context={"name": NAME},
        status=Reminder.Status.SENT,
    )
    EmailOptOut.objects.create(user=coordinator, kind=EmailKind.REVIEW_REMINDERS)
    PrintOrder.objects.create(
        organisation="Malmö stad",
        quantity=3,
        contact_name=NAME,
        email=EMAIL,
        street="Stortorget 1",
        postal_code="21122",
        city="Malmö",
    )
    membership = Membership.objects.get(user=coordinator)
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Membership),
        object_id=str(membership.pk),
        object_repr=str(membership),
        action_flag=CHANGE,
        change_message="[]",
    )
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(coordinator.pk),
        object_repr=f"{NAME} ({EMAIL})",
        action_flag=CHANGE,
        change_message="[]",
    )
    mail.outbox.clear()
    return {"submission": submission, "attachment": attachment, "group_answer": group_answer}


def logged_in_browser(user) -> Client:
    browser = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
    assert (
        browser.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    return browser


# --- export -------------------------------------------------------------------------------------


@pytest.fixture
def ask_for_export(django_capture_on_commit_callbacks):
    return lambda browser: _ask_for_export(browser, django_capture_on_commit_callbacks)


def _ask_for_export(browser: Client, on_commit) -> str:
    """Ask on Mitt konto; the job runs (in process) and mails the link. Returns its path."""
    with on_commit(execute=True):
        response = browser.post(reverse("personal_data"))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    url = re.search(r"https?://\S+/konto/personuppgifter/export/\S+/", message.body).group(0)
    return urlsplit(url).path


def test_a_person_gets_everything_the_portal_holds_about_them(
    saras_portal, coordinator, ask_for_export
):
    browser = logged_in_browser(coordinator)
    page = browser.get(reverse("personal_data")).content.decode()
    assert "Skicka mina uppgifter till mig" in page
    path = ask_for_export(browser)
    assert "7 dagar" in mail.outbox[0].body or "till och med" in mail.outbox[0].body

    response = browser.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "data.json" in names and "README.txt" in names
    readme = archive.read("README.txt").decode()
    assert "SVENSKA" in readme and "ENGLISH" in readme
    data = json.loads(archive.read("data.json"))

    assert data["account"]["email"] == EMAIL and data["account"]["name"] == NAME
    assert data["account"]["email_addresses"][0]["email"] == EMAIL
    assert data["account"]["sessions"], "the login's session is listed"
    diplomas = data["diplomas"]
    assert [m["organisation"] for m in diplomas["memberships"]] == ["Malmö"]
    assert diplomas["local_group"][0]["phone"] == "040-12 34 56"
    assert diplomas["coordinator_requests"][0]["motivation"] == "Jag flyttar."
    assert diplomas["activities"][0]["title"] == "Fairtrade-fika"
    answers = diplomas["applications_and_reports"][0]["answers"]
    assert "Beslut i fullmäktige" in [a["text"] for a in answers]
    assert diplomas["invitations_sent"][0]["email"] == "ny@malmo.example"
    (upload,) = diplomas["uploads"]
    assert upload["name"] == "beslut.pdf"
    assert archive.read(upload["file"]).startswith(b"%PDF")
    assert data["email"]["turned_off"] == ["review_reminders"]
    assert data["email"]["reminders"][0]["email"] == "reminder-report-due"
    assert data["handbook_orders"]["orders"][0]["street"] == "Stortorget 1"


def test_only_the_person_may_download_their_export(
    saras_portal, coordinator, member, client, ask_for_export
):
    path = ask_for_export(logged_in_browser(coordinator))
    client.force_login(member)
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302  # to the login


def test_an_expired_export_answers_410_with_a_page(saras_portal, coordinator, ask_for_export):
    browser = logged_in_browser(coordinator)
    path = ask_for_export(browser)
    DataExport.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = browser.get(path)
    assert response.status_code == 410
    assert "Länken gällde i 7 dagar" in response.content.decode()


def test_a_later_app_adds_its_part_by_registering_a_function(
    saras_portal, coordinator, ask_for_export
):
    from accounts import personal_data

    @personal_data.exporter("posts")
    def posts(user):
        return personal_data.Part(data={"posts": [f"Inlägg av {user.email}"]})

    try:
        browser = logged_in_browser(coordinator)
        response = browser.get(ask_for_export(browser))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert json.loads(archive.read("data.json"))["posts"] == {"posts": [f"Inlägg av {EMAIL}"]}
    finally:
        personal_data._EXPORTERS.pop("posts")


# --- erase --------------------------------------------------------------------------------------


def text_columns_containing(*needles: str) -> list[str]:
    """Every text, character and JSON column of every table that holds one of ``needles``."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'character', 'jsonb', 'json')"
        )
        columns = cursor.fetchall()
        for table, column in columns:
            for needle in needles:
                # The names come from the database's own catalogue, not from input.
                table_sql, column_sql = (connection.ops.quote_name(n) for n in (table, column))
                query = f"SELECT count(*) FROM {table_sql} WHERE {column_sql}::text ILIKE %s"  # noqa: S608
                cursor.execute(query, [f"%{needle}%"])
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{column}: {needle}")
    return hits


def reauthenticate(browser: Client) -> None:
    response = browser.get(reverse("account_erase"))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    browser.post(response["Location"], {"password": PASSWORD})


def test_a_person_erases_their_account_and_nothing_personal_remains(
    saras_portal, coordinator, member, on_postgresql
):
    export = DataExport.objects.create(
        user=coordinator, token="t", expires_at=timezone.now() + dt.timedelta(days=7)
    )
    export.file.save("export.zip", io.BytesIO(b"PK"), save=True)
    export_file = export.file.name
    assert text_columns_containing(NAME, EMAIL), "the test must find her before the erasure"

    browser = logged_in_browser(coordinator)
    reauthenticate(browser)
    page = browser.get(reverse("account_erase"))
    assert page.status_code == 200
    assert "Radera mitt konto för gott" in page.content.decode()
    response = browser.post(reverse("account_erase"))
    assert response.status_code == 302

    assert text_columns_containing(NAME, EMAIL) == []
    assert not User.objects.filter(pk=coordinator.pk).exists()
    assert not default_storage.exists(export_file)
    assert browser.get(reverse("profile")).status_code != 200
    for model in (EmailAddress, UserSession, Membership, CoordinatorRequest, EmailOptOut):
        assert not model.objects.filter(user_id=coordinator.pk).exists()
    assert not Reminder.objects.exists() and not PrintOrder.objects.exists()
    assert not GroupMember.objects.filter(name=NAME).exists()

    # What belongs to Malmö stays, with "former member" as its author.
    submission = saras_portal["submission"]
    submission.refresh_from_db()
    former = submission.created_by
    assert former.is_former_member and not former.is_active and not former.has_usable_password()
    assert str(former) == "tidigare medlem"
    assert Answer.objects.filter(text="Beslut i fullmäktige").exists()
    assert default_storage.exists(saras_portal["attachment"].file.name)
    assert Activity.objects.get(title="Fairtrade-fika").created_by == former
    assert DiplomaStatusChange.objects.get(reason="Ansökan").changed_by == former
    people = Answer.objects.get(pk=saras_portal["group_answer"].pk).snapshot["people"]
    assert [p["name"] for p in people] == ["tidigare medlem", "Kim Kontakt"]
    member_browser = Client()
    member_browser.force_login(member)
    html = member_browser.get(
        reverse("diplomas:submission", kwargs={"slug": "malmo", "pk": submission.pk})
    ).content.decode()
    assert "tidigare medlem" in html and NAME not in html


def test_erasing_asks_for_the_password_first(saras_portal, coordinator, client):
    client.force_login(coordinator)
    response = client.post(reverse("account_erase"))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert User.objects.filter(pk=coordinator.pk).exists()


def test_staff_erase_accounts_from_the_admin(
    saras_portal, coordinator, staff, client, on_postgresql
):
    client.force_login(staff)
    url = reverse("admin:accounts_user_changelist")
    selected = {"action": "erase_accounts", "_selected_action": [coordinator.pk]}
    confirmation = client.post(url, selected)
    assert confirmation.status_code == 200
    assert EMAIL in confirmation.content.decode()
    assert User.objects.filter(pk=coordinator.pk).exists(), "nothing is erased before confirming"
    response = client.post(url, {**selected, "confirmed": "yes"}, follow=True)
    assert response.status_code == 200
    assert "1 konto raderades" in response.content.decode()
    assert not User.objects.filter(pk=coordinator.pk).exists()
    assert text_columns_containing(NAME, EMAIL) == []
    assert User.objects.filter(pk=staff.pk).exists()


@pytest.mark.django_db
def test_the_privacy_page_lists_what_every_app_that_exports_personal_data_stores(client):
    """An app that keeps personal data registers an exporter and says what it stores; the
    privacy page lists every such sentence, the intranet's last visit among them."""
    from django.utils import translation

    from accounts.personal_data import exporters, stored_items

    assert exporters()  # the registry is discovered
    html = client.get("/personuppgifter/").content.decode()
    with translation.override("sv"):
        for text in stored_items():
            assert str(text) in html
    assert "När du senast besökte intranätet" in html
