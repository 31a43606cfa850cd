"""The reminder sweep: who gets what, when, in which language – and never twice."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from diplomas.models import Diploma, Membership, Submission
from diplomas.reminders import occasion_for
from notifications import services
from notifications.models import EmailOptOut, Reminder
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

DUE = dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("today", "occasion"),
    [
        (dt.date(2026, 12, 29), "60"),  # 61 days left: nothing yet
        (dt.date(2026, 12, 30), "60"),
        (dt.date(2027, 1, 28), "60"),  # 31 days left
        (dt.date(2027, 1, 29), "30"),
        (dt.date(2027, 2, 20), "30"),  # 8 days left
        (dt.date(2027, 2, 21), "7"),
        (dt.date(2027, 2, 28), "7"),  # the deadline itself
        (dt.date(2027, 3, 1), "overdue"),
        (dt.date(2027, 3, 13), "overdue"),
        (dt.date(2027, 3, 14), "overdue-again"),  # two weeks after
    ],
)
def test_each_occasion_has_a_window(today, occasion):
    expected = None if today == dt.date(2026, 12, 29) else occasion
    assert occasion_for(DUE, today) == expected


@pytest.fixture
def due_malmo(malmo, coordinator, member):
    return Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status="diplomated",
        diplomated_since=dt.date(2010, 5, 1),
        next_report_due=DUE,
    )


def sweep(today):
    services.reminders_sweep(today=today)
    return services.reminders_send(services.reminders_sendable_ids())


def test_coordinators_get_the_30_day_reminder_in_their_language(due_malmo, coordinator):
    coordinator.language = "en"
    coordinator.save()

    assert sweep(dt.date(2027, 2, 1)) == 1

    (message,) = mail.outbox
    assert message.to == [coordinator.email]  # not the member
    assert message.subject == "The yearly report of Malmö is due on 2027-02-28"
    assert "http://127.0.0.1:8000/en/organisationer/malmo/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/e-post/avsluta/" in message.extra_headers["List-Unsubscribe"]


def test_a_rerun_of_the_sweep_sends_nothing_again(due_malmo):
    sweep(dt.date(2027, 2, 1))
    sweep(dt.date(2027, 2, 1))
    sweep(dt.date(2027, 2, 5))  # same occasion (30 days), another day
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1
    sweep(dt.date(2027, 2, 22))  # the 7-day one is a new occasion
    assert len(mail.outbox) == 2


def test_a_submitted_report_stops_the_reminders(due_malmo, criteria, malmo, coordinator):
    from diplomas.services import criteria_set_valid_on

    Submission.objects.create(
        organisation=malmo,
        kind="yearly_report",
        year=2026,
        criteria_set=criteria_set_valid_on("city", dt.date(2026, 6, 1)),
        status="submitted",
    )
    assert sweep(dt.date(2027, 2, 1)) == 0
    assert mail.outbox == []


def test_overdue_goes_to_coordinators_and_once_to_staff(due_malmo, staff, lund, other_coordinator):
    Diploma.objects.create(organisation=lund, kind="city", status="diplomated", next_report_due=DUE)
    sweep(dt.date(2027, 3, 1))
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        ["sara@malmo.example", "olle@lund.example", "pia@fairtrade.example"]
    )
    staff_mail = next(m for m in mail.outbox if m.to == ["pia@fairtrade.example"])
    assert "Lund" in staff_mail.body and "Malmö" in staff_mail.body
    assert "?overdue=yes" in staff_mail.body
    assert "List-Unsubscribe" not in staff_mail.extra_headers  # a notice staff must get

    mail.outbox.clear()
    sweep(dt.date(2027, 3, 5))
    assert mail.outbox == []
    sweep(dt.date(2027, 3, 14))  # two weeks later: again
    assert len(mail.outbox) == 3


def test_changes_asked_for_and_unanswered_for_14_days(criteria, malmo, coordinator):
    from diplomas.services import criteria_set_valid_on

    submission = Submission.objects.create(
        organisation=malmo,
        kind="application",
        year=2026,
        criteria_set=criteria_set_valid_on("city", dt.date(2026, 6, 1)),
        status="changes_requested",
        decided_at=timezone.now() - dt.timedelta(days=13),
    )
    assert sweep(timezone.localdate()) == 0
    Submission.objects.filter(pk=submission.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=15)
    )
    assert sweep(timezone.localdate()) == 1
    assert f"/organisationer/malmo/rapport/{submission.pk}/" in mail.outbox[0].body
    assert sweep(timezone.localdate()) == 0


def test_people_who_turned_reminders_off_get_none_but_required_notices_still_go(
    due_malmo, coordinator
):
    EmailOptOut.objects.create(user=coordinator, kind="report_reminders")
    assert sweep(dt.date(2027, 2, 1)) == 0
    assert Reminder.objects.get().status == Reminder.Status.SKIPPED
    assert sweep(dt.date(2027, 3, 1)) == 1  # overdue: required


def test_a_failing_mail_server_is_retried_with_back_off(due_malmo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2

    assert sweep(dt.date(2027, 2, 1)) == 0
    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.PENDING
    assert reminder.attempts == 1
    assert reminder.next_attempt_at > timezone.now() + dt.timedelta(minutes=1)
    assert "ConnectionRefused" in reminder.last_error
    assert services.reminders_sendable_ids() == []  # not before the back-off has passed

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Reminder.objects.update(next_attempt_at=timezone.now())
    assert services.reminders_send(services.reminders_sendable_ids()) == 1
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT


def test_after_too_many_failures_a_reminder_is_marked_failed(due_malmo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    services.reminders_sweep(today=dt.date(2027, 2, 1))
    for _ in range(services.MAX_ATTEMPTS):
        Reminder.objects.update(next_attempt_at=timezone.now())
        services.reminders_send(services.reminders_sendable_ids())
    assert Reminder.objects.get().status == Reminder.Status.FAILED


def test_of_two_claims_only_one_wins(due_malmo):
    services.reminders_sweep(today=dt.date(2027, 2, 1))
    reminder = Reminder.objects.get()
    first = services._claim(reminder.pk)
    second = services._claim(reminder.pk)
    assert first and second is None


def test_a_claim_left_by_a_dead_worker_is_free_again_after_the_lease(due_malmo, settings):
    settings.REMINDER_LEASE_SECONDS = 60
    services.reminders_sweep(today=dt.date(2027, 2, 1))
    reminder = Reminder.objects.get()
    assert services._claim(reminder.pk)
    assert services.reminders_sendable_ids() == []
    Reminder.objects.update(claimed_at=timezone.now() - dt.timedelta(seconds=61))
    assert services.reminders_sendable_ids() == [reminder.pk]
    assert services.reminders_send([reminder.pk]) == 1


def test_the_sweep_runs_a_fixed_number_of_queries_per_batch(
    criteria, django_assert_max_num_queries
):
    from tests.conftest import make_organisation

    def organisations(n, start):
        for i in range(start, start + n):
            org = make_organisation(f"{1000 + i:04d}", f"Ort {i}")
            Diploma.objects.create(
                organisation=org, kind="city", status="diplomated", next_report_due=DUE
            )
            user = make_user(f"s{i}@ort.example", f"S {i}")
            Membership.objects.create(user=user, organisation=org, role="coordinator")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organisations(10, 0)
    with CaptureQueriesContext(connection) as small:
        services.reminders_sweep(today=dt.date(2027, 2, 1), batch_size=10)
    organisations(40, 10)
    with CaptureQueriesContext(connection) as large:
        services.reminders_sweep(today=dt.date(2027, 2, 1), batch_size=10)
    # 50 organisations in batches of 10: 5 batches (+1 empty) instead of 1 (+1 empty).
    per_batch = (len(large) - len(small)) / 4
    assert per_batch <= 3
    assert Reminder.objects.count() == 50


# --- choosing emails ---------------------------------------------------------------------------


def test_the_account_page_turns_kinds_of_email_on_and_off(client, coordinator):
    client.force_login(coordinator)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    # Only the kinds the portal sends are offered (a registered source sends them).
    offered = [
        "report_reminders",
        "review_reminders",
        "event_reminders",
        "followup_reminders",
        "discussion_posts",
        "mentions",
    ]
    assert re.findall(r'name="kinds" value="(\w+)"', page) == offered
    checked = re.findall(r'value="(\w+)"[^>]*checked', page)
    assert checked == offered
    client.post(url, {"kinds": ["review_reminders"]})
    assert set(EmailOptOut.objects.filter(user=coordinator).values_list("kind", flat=True)) == {
        "report_reminders",
        "event_reminders",
        "followup_reminders",
        "discussion_posts",
        "mentions",
    }
    client.post(url, {"kinds": offered})
    assert not EmailOptOut.objects.exists()
    response = client.post(url, {"kinds": ["required", "nonsense"]})
    assert response.status_code == 200
    assert not EmailOptOut.objects.exists()


def test_one_click_unsubscribe_from_the_email(client, due_malmo, coordinator):
    sweep(dt.date(2027, 2, 1))
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.replace("http://127.0.0.1:8000", "")

    page = client.get(path)
    assert page.status_code == 200
    assert not EmailOptOut.objects.exists()  # a GET (a link scanner) changes nothing

    # RFC 8058: the mail program POSTs without a session or CSRF token.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=coordinator, kind="report_reminders").exists()


def test_a_tampered_unsubscribe_link_is_refused(client, coordinator):
    url = services.unsubscribe_url(coordinator.pk, "report_reminders")
    path = url.replace("http://127.0.0.1:8000", "")
    bad = path[:-3] + "xyz/"
    response = client.post(bad)
    assert response.status_code == 400
    assert not EmailOptOut.objects.exists()
