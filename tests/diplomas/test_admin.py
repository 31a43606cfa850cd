"""Staff work in the admin: the review queue, decisions, diploma status with a reason."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse

from diplomas import services
from diplomas.models import Diploma, DiplomaStatusChange, Submission
from tests.diplomas.factories import city_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(criteria, malmo, coordinator):
    from django.test import Client

    submission = services.submission_start(organisation=malmo, by=coordinator)
    client = Client()
    client.force_login(coordinator)
    data = city_answers(submission.criteria_set)
    data["action"] = "submit"
    client.post(reverse("diplomas:submission", kwargs={"slug": "malmo", "pk": submission.pk}), data)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    return submission


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_the_queue_opens_on_what_waits_for_review(staff_client, submitted, criteria, lund, staff):
    services.submission_start(organisation=lund, by=staff)  # a draft: not in the queue
    html = staff_client.get(reverse("admin:diplomas_submission_changelist")).content.decode()
    assert "Malmö" in html
    assert "Lund" not in html


def test_the_review_shows_answers_and_evidence_beside_the_criteria(staff_client, submitted):
    url = reverse("admin:diplomas_submission_change", args=[submitted.pk])
    html = staff_client.get(url).content.decode()
    assert "Svar på ambition" in html
    assert "ambition.pdf" in html
    assert "Arbetsgruppen leder arbetet lokalt" in html  # the criterion's guidance
    assert 'name="decision"' in html


def test_staff_ask_for_changes_from_the_admin(
    staff_client, submitted, django_capture_on_commit_callbacks
):
    url = reverse("admin:diplomas_submission_decide", args=[submitted.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"decision": "changes", "message": "Bifoga planen."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.CHANGES_REQUESTED
    assert [m.to for m in mail.outbox] == [["sara@malmo.example"]]
    assert submitted.events.first().message == "Bifoga planen."


def test_asking_for_changes_without_a_message_changes_nothing(staff_client, submitted):
    url = reverse("admin:diplomas_submission_decide", args=[submitted.pk])
    response = staff_client.post(url, {"decision": "changes", "message": ""})
    assert response.status_code == 200
    assert "Skriv vad som behöver ändras." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.SUBMITTED


def test_approving_in_the_admin_diplomates_the_organisation(staff_client, submitted, malmo, staff):
    url = reverse("admin:diplomas_submission_decide", args=[submitted.pk])
    staff_client.post(url, {"decision": "approve", "message": ""})
    diploma = Diploma.objects.get(organisation=malmo)
    assert diploma.status == Diploma.Status.DIPLOMATED
    change = diploma.status_changes.get()
    assert change.changed_by == staff
    # The history is visible on the diploma's admin page.
    page = staff_client.get(reverse("admin:diplomas_diploma_change", args=[diploma.pk]))
    assert change.reason in page.content.decode()


def test_the_decide_url_refuses_non_staff(client, submitted, coordinator):
    client.force_login(coordinator)
    url = reverse("admin:diplomas_submission_decide", args=[submitted.pk])
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.SUBMITTED


def _diploma_form(diploma, **changes):
    data = {
        "organisation": diploma.organisation_id,
        "kind": diploma.kind,
        "status": diploma.status,
        "diplomated_since": diploma.diplomated_since or "",
        "next_report_due": diploma.next_report_due or "",
        "reason": "",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_a_status_change_needs_a_reason_and_is_kept(staff_client, malmo, staff):
    diploma = Diploma.objects.create(
        organisation=malmo, kind="city", status="diplomated", diplomated_since=dt.date(2010, 1, 1)
    )
    url = reverse("admin:diplomas_diploma_change", args=[diploma.pk])

    response = staff_client.post(url, _diploma_form(diploma, status="paused"))
    assert response.status_code == 200  # the form again, with the error
    diploma.refresh_from_db()
    assert diploma.status == "diplomated"
    assert not DiplomaStatusChange.objects.exists()

    response = staff_client.post(
        url, _diploma_form(diploma, status="paused", reason="Ingen rapport på två år.")
    )
    assert response.status_code == 302
    diploma.refresh_from_db()
    assert diploma.status == "paused"
    change = DiplomaStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "diplomated",
        "paused",
        staff,
    )
    assert change.reason == "Ingen rapport på två år."


def test_the_overdue_filter_and_csv_export(staff_client, malmo, lund):
    Diploma.objects.create(
        organisation=malmo, kind="city", status="diplomated", next_report_due=dt.date(2020, 2, 29)
    )
    Diploma.objects.create(
        organisation=lund, kind="city", status="diplomated", next_report_due=dt.date(2099, 2, 28)
    )
    changelist = reverse("admin:diplomas_diploma_changelist")
    html = staff_client.get(changelist + "?overdue=yes").content.decode()
    assert "Malmö" in html and "Lund" not in html

    response = staff_client.post(
        changelist,
        {
            "action": "export_csv",
            "_selected_action": list(Diploma.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert len(lines) == 3
    # Read by people: "ja"/"nej" in the staff member's language, dates as dates.
    assert any(line.startswith("Malmö,") and ",2020-02-29,ja," in line for line in lines)
    assert any(line.startswith("Lund,") and ",2099-02-28,nej," in line for line in lines)


def test_a_submission_address_that_is_not_a_number_gets_the_admins_message(staff_client):
    url = reverse("admin:diplomas_submission_change", args=["abc"])
    response = staff_client.get(url, follow=True)
    assert response.status_code == 200
    assert "finns inte" in response.content.decode()  # "… med ID ”abc” finns inte."


def test_reports_and_diplomas_cannot_be_deleted_in_the_admin(staff_client, submitted):
    diploma = Diploma.objects.get(organisation=submitted.organisation)
    for url in [
        reverse("admin:diplomas_submission_delete", args=[submitted.pk]),
        reverse("admin:diplomas_diploma_delete", args=[diploma.pk]),
    ]:
        assert staff_client.post(url, {"post": "yes"}).status_code == 403
    assert Submission.objects.filter(pk=submitted.pk).exists()
    assert Diploma.objects.filter(pk=diploma.pk).exists()


def test_every_csv_export_keeps_typed_text_from_running_as_a_formula(staff_client, malmo):
    # An organisation named by someone who hoped a spreadsheet would run it.
    malmo.name = '=HYPERLINK("https://evil.example","Malmö")'
    malmo.save()
    Diploma.objects.create(
        organisation=malmo, kind="city", status="diplomated", next_report_due=dt.date(2027, 2, 28)
    )
    response = staff_client.post(
        reverse("admin:diplomas_diploma_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Diploma.objects.values_list("pk", flat=True)),
        },
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == '\'=HYPERLINK("https://evil.example","Malmö")'
    assert "2027-02-28" in rows[1]
