"""The retention job deletes what the privacy page promises to delete, and nothing else."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import DataExport, User
from accounts.tasks import apply_retention
from diplomas.models import Invitation
from network.models import PrintOrder
from notifications.models import EmailKind, Reminder

NOW = timezone.now()


def days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def signup(email: str, *, days: int, verified: bool = False) -> User:
    user = User.objects.create_user(email=email, password="x" * 12)
    User.objects.filter(pk=user.pk).update(date_joined=days_ago(days))
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def test_beat_runs_the_retention_job_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert entry["task"] == "accounts.tasks.apply_retention"


@pytest.mark.django_db
def test_unconfirmed_signups_go_after_30_days():
    old = signup("gammal@example.se", days=31)
    recent = signup("ny@example.se", days=29)
    confirmed = signup("bekraftad@example.se", days=400, verified=True)
    made_by_staff = User.objects.create_user(email="av-personal@example.se")
    User.objects.filter(pk=made_by_staff.pk).update(date_joined=days_ago(400))
    apply_retention()
    remaining = set(User.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {recent.pk, confirmed.pk, made_by_staff.pk} <= remaining


@pytest.mark.django_db
def test_reminders_go_after_2_years(coordinator):
    def reminder(key: str, days: int) -> Reminder:
        row = Reminder.objects.create(
            key=key,
            kind=EmailKind.REPORT_REMINDERS,
            template="reminder-report-due",
            recipient=coordinator,
            email=coordinator.email,
        )
        Reminder.objects.filter(pk=row.pk).update(created_at=days_ago(days))
        return row

    old = reminder("old", 2 * 365 + 1)
    recent = reminder("recent", 365)
    apply_retention()
    assert list(Reminder.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


@pytest.mark.django_db
def test_data_exports_go_with_their_files_when_the_link_expires(member):
    def export(token: str, expires: dt.datetime) -> DataExport:
        row = DataExport.objects.create(user=member, token=token, expires_at=expires)
        row.file.save("export.zip", io.BytesIO(b"PK"), save=True)
        return row

    expired = export("expired", days_ago(0) - dt.timedelta(minutes=1))
    valid = export("valid", NOW + dt.timedelta(days=6))
    apply_retention()
    assert list(DataExport.objects.values_list("token", flat=True)) == ["valid"]
    assert not default_storage.exists(expired.file.name)
    assert default_storage.exists(valid.file.name)


@pytest.mark.django_db
def test_ended_sessions_leave_the_list(member, client):
    client.force_login(member)
    live = UserSession.objects.create(
        user=member, session_key=client.session.session_key, ip="192.0.2.1", user_agent="x"
    )
    UserSession.objects.create(user=member, session_key="gone", ip="192.0.2.2", user_agent="y")
    apply_retention()
    assert list(UserSession.objects.values_list("pk", flat=True)) == [live.pk]


@pytest.mark.django_db
def test_invitations_never_accepted_go_30_days_after_they_expired(malmo):
    def invitation(token: str, expired_days_ago: int, accepted=None) -> Invitation:
        return Invitation.objects.create(
            organisation=malmo,
            email=f"{token}@example.se",
            role="member",
            token=token,
            expires_at=days_ago(expired_days_ago),
            accepted_at=accepted,
        )

    invitation("old", 31)
    invitation("recent", 29)
    invitation("accepted", 400, accepted=days_ago(410))
    apply_retention()
    assert set(Invitation.objects.values_list("token", flat=True)) == {"recent", "accepted"}


@pytest.mark.django_db
def test_print_orders_go_after_2_years():
    def order(city: str, days: int) -> None:
        row = PrintOrder.objects.create(
            organisation="Malmö stad",
            quantity=1,
            contact_name="Kim",
            email="kim@example.se",
            street="Gatan 1",
            postal_code="21122",
            city=city,
        )
        PrintOrder.objects.filter(pk=row.pk).update(created_at=days_ago(days))

    order("Gammalstad", 2 * 365 + 1)
    order("Nystad", 300)
    apply_retention()
    assert list(PrintOrder.objects.values_list("city", flat=True)) == ["Nystad"]


@pytest.mark.django_db
def test_the_privacy_page_promises_what_the_job_deletes(client):
    from accounts.retention import rules

    html = client.get(reverse("privacy")).content.decode()
    assert "Så behandlar vi dina personuppgifter" in html
    assert settings.STAFF_EMAIL in html
    with translation.override("sv"):
        for each in rules():
            assert str(each.what) in html and str(each.after) in html
    assert "30 dagar efter registreringen" in html
    assert "2 år efter att de skickades" in html
    english = client.get("/en/personuppgifter/").content.decode()
    assert "How we handle your personal data" in english


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/kontakt/",
        "/handbok/bestall/",
        "/accounts/signup/",
    ],
)
def test_the_footer_and_the_public_forms_link_the_privacy_page(client, url):
    assert reverse("privacy") in client.get(url).content.decode()


def test_forms_that_collect_personal_data_link_the_privacy_page():
    from pathlib import Path

    templates = Path(settings.BASE_DIR, "templates")
    for name in [
        "portal/contact.html",
        "network/handbook/order.html",
        "diplomas/members.html",
        "diplomas/local_group.html",
        "diplomas/group_member_edit.html",
        "diplomas/coordinator_request_new.html",
        "network/directory/entry.html",
    ]:
        assert '{% include "portal/_privacy_note.html" %}' in (templates / name).read_text(), name
