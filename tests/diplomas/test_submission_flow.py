"""A coordinator drafts, attaches evidence and submits; staff ask for changes or approve."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from diplomas import services
from diplomas.models import (
    Attachment,
    Diploma,
    DiplomaStatusChange,
    GroupMember,
    Submission,
    SubmissionEvent,
)
from tests.diplomas.factories import city_answers, docx, pdf, png, program_named_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(criteria, malmo, coordinator):
    return services.submission_start(organisation=malmo, by=coordinator)


def submission_url(submission):
    return reverse(
        "diplomas:submission", kwargs={"slug": submission.organisation.slug, "pk": submission.pk}
    )


def test_a_new_organisation_starts_an_application_from_its_page(
    client, criteria, malmo, coordinator
):
    client.force_login(coordinator)
    page = client.get(reverse("diplomas:dashboard", kwargs={"slug": "malmo"})).content.decode()
    assert "Påbörja ansökan" in page

    response = client.post(reverse("diplomas:submission_start", kwargs={"slug": "malmo"}))

    submission = Submission.objects.get(organisation=malmo)
    assert response.url == submission_url(submission)
    assert submission.kind == Submission.Kind.APPLICATION
    assert submission.criteria_set.kind == "city"
    assert Diploma.objects.get(organisation=malmo).status == Diploma.Status.APPLYING
    # Starting twice gives the same application.
    client.post(reverse("diplomas:submission_start", kwargs={"slug": "malmo"}))
    assert Submission.objects.filter(organisation=malmo).count() == 1


def test_a_diplomated_organisation_starts_the_yearly_report_against_the_set_in_force(
    criteria, malmo, coordinator
):
    Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2020, 5, 1),
        next_report_due=dt.date(2027, 2, 28),
    )
    report = services.submission_start(
        organisation=malmo, by=coordinator, today=dt.date(2026, 11, 23)
    )
    assert report.kind == Submission.Kind.YEARLY_REPORT
    assert report.year == 2026
    assert report.is_larger_report is True  # 2026 - 2020 is even
    assert str(report.criteria_set.valid_from) == "2026-01-01"


def test_drafts_are_saved_with_evidence_and_completeness_grows(client, application, coordinator):
    client.force_login(coordinator)
    url = submission_url(application)
    data = city_answers(application.criteria_set)
    # The local-group criterion reads the roster: a politician chairs, an official is contact.
    for name, role, sector in (("Anna", "chair", "politician"), ("Erik", "contact", "official")):
        GroupMember.objects.create(
            organisation=application.organisation, name=name, role=role, sector=sector
        )

    response = client.post(url, data, follow=True)

    html = response.content.decode()
    assert "Dina svar har sparats som utkast." in html
    application.refresh_from_db()
    assert application.status == Submission.Status.DRAFT
    assert application.answers.filter(text__startswith="Svar på").count() == 2
    assert Attachment.objects.filter(answer__submission=application).count() == 2
    # All but the activities criterion (no activities logged) are met: 5 of 6.
    assert "83 % av kriterierna är uppfyllda." in html


@pytest.mark.parametrize(
    ("make_upload", "expected"),
    [
        (program_named_pdf, "Filens innehåll stämmer inte med filnamnet"),
        (lambda: pdf("virus.exe"), "Filer av typen .exe går inte att bifoga"),
        (lambda: pdf("beslut"), "Filnamnet saknar ändelse"),
        (lambda: docx("plan.pdf"), "Filens innehåll stämmer inte med filnamnet"),
    ],
)
def test_a_bad_attachment_gets_a_clear_message_and_is_not_stored(
    client, application, coordinator, make_upload, expected
):
    client.force_login(coordinator)
    criterion = application.criteria_set.criteria.get(code="ambition")
    response = client.post(
        submission_url(application),
        {"action": "save", f"c{criterion.pk}": "Vårt beslut", f"f{criterion.pk}": make_upload()},
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Attachment.objects.exists()
    assert not application.answers.exists()  # nothing of the post was saved


def test_office_documents_and_images_are_accepted(client, application, coordinator):
    client.force_login(coordinator)
    criterion = application.criteria_set.criteria.get(code="ambition")
    for upload in (docx(), png()):
        client.post(submission_url(application), {"action": "save", f"f{criterion.pk}": upload})
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == [
        "bild.png",
        "plan.docx",
    ]


def test_a_too_large_attachment_is_refused(client, application, coordinator, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    criterion = application.criteria_set.criteria.get(code="ambition")
    big = SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(submission_url(application), {"action": "save", f"f{criterion.pk}": big})
    assert "Den får vara högst 10,0\xa0MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_submitting_with_criteria_missing_saves_but_does_not_submit(
    client, application, coordinator
):
    client.force_login(coordinator)
    data = city_answers(application.criteria_set, attach=False)
    data["action"] = "submit"
    response = client.post(submission_url(application), data, follow=True)
    assert "har sparats men inte skickats in" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Submission.Status.DRAFT


def _submit(client, submission):
    data = city_answers(submission.criteria_set)
    data["action"] = "submit"
    return client.post(submission_url(submission), data, follow=True)


def test_after_submitting_the_coordinator_can_read_but_not_change(client, application, coordinator):
    client.force_login(coordinator)
    response = _submit(client, application)
    assert "Nu är det inskickat." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Submission.Status.SUBMITTED
    assert application.events.filter(action=SubmissionEvent.Action.SUBMITTED).exists()

    page = client.get(submission_url(application)).content.decode()
    assert "Spara utkast" not in page
    assert "Svar på ambition" in page

    # Re-posting the form changes nothing.
    data = city_answers(application.criteria_set)
    ambition = application.criteria_set.criteria.get(code="ambition")
    data[f"c{ambition.pk}"] = "Ändrat i efterhand"
    assert client.post(submission_url(application), data).status_code == 403
    assert not application.answers.filter(text="Ändrat i efterhand").exists()
    attachment = Attachment.objects.filter(answer__submission=application).first()
    delete_url = reverse(
        "diplomas:attachment_delete", kwargs={"slug": "malmo", "pk": attachment.pk}
    )
    assert client.post(delete_url).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_computed_values_are_kept_as_they_were_when_submitted(
    client, application, coordinator, malmo
):
    from diplomas.models import Activity

    for day in range(1, 5):
        Activity.objects.create(
            organisation=malmo, date=dt.date(application.year, 3, day), title=f"A{day}", kind="talk"
        )
    client.force_login(coordinator)
    _submit(client, application)
    activities = application.answers.get(criterion__code="activities")
    assert activities.number == 4
    Activity.objects.all().delete()
    activities.refresh_from_db()
    assert activities.number == 4


def test_staff_ask_for_changes_the_coordinator_resubmits_and_staff_approve(
    client, application, coordinator, staff, malmo, django_capture_on_commit_callbacks
):
    coordinator.language = "en"
    coordinator.save()
    client.force_login(coordinator)
    _submit(client, application)
    mail.outbox.clear()

    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        services.submission_request_changes(
            submission=application, by=staff, message="Bifoga protokollet, tack."
        )
    application.refresh_from_db()
    assert application.status == Submission.Status.CHANGES_REQUESTED
    # The coordinator chose English: the email is in English, with a link straight to it.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator.email]
    assert mail.outbox[0].subject == "Changes requested: Application 2026"
    assert "Bifoga protokollet, tack." in mail.outbox[0].body
    assert submission_url(application) in mail.outbox[0].body

    page = client.get(submission_url(application)).content.decode()
    assert "Bifoga protokollet, tack." in page
    assert "Spara utkast" in page  # editable again
    _submit(client, application)
    application.refresh_from_db()
    assert application.status == Submission.Status.SUBMITTED

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(submission=application, by=staff, today=dt.date(2026, 11, 23))
    assert [m.subject for m in mail.outbox] == ["Approved: Application 2026"]

    application.refresh_from_db()
    diploma = Diploma.objects.get(organisation=malmo)
    assert application.status == Submission.Status.APPROVED
    assert diploma.status == Diploma.Status.DIPLOMATED
    assert diploma.diplomated_since == dt.date(2026, 11, 23)
    assert diploma.next_report_due == dt.date(2027, 2, 28)
    change = DiplomaStatusChange.objects.get(diploma=diploma, to_status="diplomated")
    assert (change.changed_by, change.from_status) == (staff, "applying")
    assert "2026" in change.reason

    listing = client.get(reverse("diplomas:listing")).content.decode()
    assert "Malmö" in listing
    csv_rows = client.get(reverse("diplomas:listing_csv")).content.decode().splitlines()
    assert any(row.startswith("1280,Malmö,") for row in csv_rows)


def test_only_a_submitted_report_can_be_decided(application, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.submission_approve(submission=application, by=staff)
    with pytest.raises(ValidationError):
        services.submission_request_changes(submission=application, by=staff, message="x")


def test_asking_for_changes_needs_a_message(client, application, coordinator, staff):
    from django.core.exceptions import ValidationError

    client.force_login(coordinator)
    _submit(client, application)
    with pytest.raises(ValidationError):
        services.submission_request_changes(submission=application, by=staff, message="  ")
    application.refresh_from_db()
    assert application.status == Submission.Status.SUBMITTED


def test_a_long_file_name_keeps_its_extension(client, application, coordinator):
    client.force_login(coordinator)
    criterion = application.criteria_set.criteria.get(code="ambition")
    upload = pdf("beslut-" + "x" * 300 + ".pdf")
    client.post(submission_url(application), {"action": "save", f"f{criterion.pk}": upload})
    attachment = Attachment.objects.get()
    assert len(attachment.original_name) == 200
    assert attachment.original_name.endswith("x.pdf")
