"""The yearly report asks what the criteria ask: the larger and the smaller report differ, a new
report starts from the last approved answers, and the email asking for changes carries staff's
comments on single criteria."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from diplomas import services
from diplomas.models import (
    Answer,
    Attachment,
    Criterion,
    Diploma,
    ReviewComment,
    Submission,
)
from tests.diplomas.factories import city_answers, pdf

pytestmark = pytest.mark.django_db


def diplomate(organisation, since: dt.date) -> Diploma:
    return Diploma.objects.create(
        organisation=organisation,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=since,
        next_report_due=dt.date(2027, 2, 28),
    )


def submission_url(submission):
    return reverse(
        "diplomas:submission", kwargs={"slug": submission.organisation.slug, "pk": submission.pk}
    )


def titles(submission, codes):
    criteria = {c.code: c for c in submission.criteria_set.criteria.all()}
    return [criteria[code].title_sv for code in codes]


LARGER_ONLY = ["ambition", "local-group", "work-plan"]
BOTH = ["activities", "purchasing", "changes"]


def test_the_criteria_say_which_report_asks_them(criteria):
    city = {c.code: c.asked_in for c in Criterion.objects.filter(criteria_set__kind="city")}
    assert {code: city[code] for code in LARGER_ONLY} == dict.fromkeys(LARGER_ONLY, "larger")
    assert {code: city[code] for code in BOTH} == dict.fromkeys(BOTH, "both")
    region = {c.code: c.asked_in for c in Criterion.objects.filter(criteria_set__kind="region")}
    assert region["council-decision"] == "larger"
    assert region["purchase-share"] == "both"


def test_the_smaller_report_asks_only_what_changed_the_activities_and_the_purchases(
    client, criteria, malmo, coordinator, staff
):
    diplomate(malmo, dt.date(2021, 5, 1))  # the report on 2026 is the smaller one
    client.force_login(coordinator)
    dashboard = client.get(reverse("diplomas:dashboard", kwargs={"slug": "malmo"})).content
    dashboard = dashboard.decode()
    assert "Det här efterfrågar nästa årsrapport (den mindre rapporten)" in dashboard
    report = services.submission_start(
        organisation=malmo, by=coordinator, today=dt.date(2026, 11, 23)
    )
    assert report.is_larger_report is False
    for title in titles(report, LARGER_ONLY):
        assert title not in dashboard
    for title in titles(report, BOTH):
        assert title in dashboard

    html = client.get(submission_url(report)).content.decode()
    for title in titles(report, LARGER_ONLY):
        assert title not in html
    for title in titles(report, BOTH):
        assert title in html

    # Answering the smaller report's criteria is enough to submit it.
    data = city_answers(report.criteria_set)
    data["action"] = "submit"
    client.post(submission_url(report), data)
    report.refresh_from_db()
    assert report.status == Submission.Status.SUBMITTED
    asked = set(report.answers.values_list("criterion__code", flat=True))
    assert asked == set(BOTH)

    # Staff review only what the report asked.
    client.force_login(staff)
    review = client.get(reverse("admin:diplomas_submission_change", args=[report.pk]))
    review = review.content.decode()
    assert titles(report, ["ambition"])[0] not in review
    assert titles(report, ["purchasing"])[0] in review


def test_the_application_asks_every_criterion(client, criteria, malmo, coordinator):
    application = services.submission_start(organisation=malmo, by=coordinator)
    client.force_login(coordinator)
    html = client.get(submission_url(application)).content.decode()
    for title in titles(application, LARGER_ONLY + BOTH):
        assert title in html


def test_staff_edit_and_filter_which_report_asks_a_criterion(client, criteria, staff):
    client.force_login(staff)
    changelist = reverse("admin:diplomas_criterion_changelist")
    html = client.get(changelist, {"asked_in": "larger"}).content.decode()
    assert "Ambitionen i kommunens styrdokument" in html
    assert "Inköp av rättvisemärkta produkter" not in html
    ambition = Criterion.objects.get(criteria_set__kind="city", code="ambition")
    page = client.get(reverse("admin:diplomas_criterion_change", args=[ambition.pk]))
    assert 'name="asked_in"' in page.content.decode()


@pytest.fixture
def approved_history(criteria, malmo, coordinator):
    """Malmö, diplomated 2020: an approved larger report on 2024 (with evidence) and an approved
    smaller one on 2025."""
    diplomate(malmo, dt.date(2020, 5, 1))
    city = services.criteria_set_valid_on("city", dt.date(2026, 6, 1))
    by_code = {c.code: c for c in city.criteria.all()}
    for year, larger, answers in (
        (
            2024,
            True,
            {
                "ambition": {"text": "Beslut i kommunfullmäktige 2019, § 12."},
                "local-group": {"text": "Kommunen, kyrkan och två skolor."},
                "work-plan": {"yes_no": True},
                "purchasing": {"number": Decimal("55")},
                "changes": {"text": "Ny handlingsplan."},
                "activities": {"number": Decimal("5")},
            },
        ),
        (
            2025,
            False,
            {
                "purchasing": {"number": Decimal("70")},
                "changes": {"text": "Två nya skolor i arbetsgruppen."},
                "activities": {"number": Decimal("6")},
            },
        ),
    ):
        report = Submission.objects.create(
            organisation=malmo,
            kind=Submission.Kind.YEARLY_REPORT,
            year=year,
            criteria_set=city,
            is_larger_report=larger,
            status=Submission.Status.APPROVED,
            decided_at=dt.datetime(year + 1, 3, 1, tzinfo=dt.UTC),
        )
        for code, fields in answers.items():
            answer = Answer.objects.create(submission=report, criterion=by_code[code], **fields)
            if code in ("ambition", "work-plan"):
                Attachment.objects.create(
                    answer=answer,
                    file=pdf(f"{code}-{year}.pdf"),
                    original_name=f"{code}-{year}.pdf",
                    size=10,
                    content_type="application/pdf",
                )
    return by_code


def test_a_new_report_starts_from_the_last_approved_answers(approved_history, malmo, coordinator):
    report = services.submission_start(
        organisation=malmo, by=coordinator, today=dt.date(2026, 11, 23)
    )
    assert report.is_larger_report is True
    answers = {a.criterion.code: a for a in report.answers.select_related("criterion")}
    # The latest approved answer of each criterion: the smaller 2025 report's where it asked,
    # the larger 2024 report's for what only the larger asks.
    assert "changes" not in answers  # what changed is asked anew every year
    assert answers["purchasing"].number == Decimal("70")
    assert answers["ambition"].text == "Beslut i kommunfullmäktige 2019, § 12."
    assert answers["work-plan"].yes_no is True
    assert all(a.carried_over for a in answers.values())
    assert "activities" not in answers  # computed: counted anew, never carried over
    assert not Attachment.objects.filter(answer__submission=report).exists()


def test_carried_over_answers_must_be_confirmed_or_changed_before_submitting(
    client, approved_history, malmo, coordinator
):
    report = services.submission_start(
        organisation=malmo, by=coordinator, today=dt.date(2026, 11, 23)
    )
    by_code = approved_history
    client.force_login(coordinator)
    url = submission_url(report)
    html = client.get(url).content.decode()
    assert "Överfört:" in html
    assert f'name="k{by_code["ambition"].pk}"' in html  # the confirm checkbox
    assert (
        "överfört, att bekräfta"
        in client.get(reverse("diplomas:dashboard", kwargs={"slug": "malmo"})).content.decode()
    )

    # The carried-over values as the form shows them, evidence attached anew.
    data = {
        "action": "submit",
        f"c{by_code['ambition'].pk}": "Beslut i kommunfullmäktige 2019, § 12.",
        f"c{by_code['local-group'].pk}": "Kommunen, kyrkan och två skolor.",
        f"c{by_code['work-plan'].pk}": "yes",
        f"c{by_code['purchasing'].pk}": "70",
        f"c{by_code['changes'].pk}": "Två nya skolor i arbetsgruppen.",
        f"f{by_code['ambition'].pk}": pdf("ambition.pdf"),
        f"f{by_code['work-plan'].pk}": pdf("plan.pdf"),
    }
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "Inte inskickad: bekräfta eller ändra först svaren" in page
    assert "Ambitionen i kommunens styrdokument" in page
    report.refresh_from_db()
    assert report.status == Submission.Status.DRAFT

    # Confirm three unchanged, change two: then it goes in.
    data = {
        "action": "submit",
        f"c{by_code['ambition'].pk}": "Beslut i kommunfullmäktige 2019, § 12.",
        f"k{by_code['ambition'].pk}": "on",
        f"c{by_code['local-group'].pk}": "Kommunen, kyrkan och två skolor.",
        f"k{by_code['local-group'].pk}": "on",
        f"c{by_code['work-plan'].pk}": "yes",
        f"k{by_code['work-plan'].pk}": "on",
        f"c{by_code['purchasing'].pk}": "81",
        f"c{by_code['changes'].pk}": "Inget nytt i år.",
    }
    client.post(url, data)
    report.refresh_from_db()
    assert report.status == Submission.Status.SUBMITTED
    assert not report.answers.filter(carried_over=True).exists()
    assert report.answers.get(criterion__code="purchasing").number == Decimal("81")


def test_saving_a_draft_keeps_unconfirmed_answers_marked(
    client, approved_history, malmo, coordinator
):
    report = services.submission_start(
        organisation=malmo, by=coordinator, today=dt.date(2026, 11, 23)
    )
    by_code = approved_history
    client.force_login(coordinator)
    client.post(
        submission_url(report),
        {
            "action": "save",
            f"c{by_code['ambition'].pk}": "Beslut i kommunfullmäktige 2019, § 12.",
            f"c{by_code['purchasing'].pk}": "70",
        },
    )
    assert report.answers.get(criterion__code="ambition").carried_over is True
    assert report.answers.get(criterion__code="purchasing").carried_over is True


def test_the_email_asking_for_changes_carries_the_comments_on_criteria(
    client, criteria, malmo, coordinator, staff, django_capture_on_commit_callbacks
):
    application = services.submission_start(organisation=malmo, by=coordinator)
    client.force_login(coordinator)
    data = city_answers(application.criteria_set)
    data["action"] = "submit"
    client.post(submission_url(application), data)
    application.refresh_from_db()
    assert application.status == Submission.Status.SUBMITTED
    group = application.criteria_set.criteria.get(code="local-group")
    ReviewComment.objects.create(
        submission=application, criterion=group, text="Ange vem som är ordförande.", author=staff
    )
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:diplomas_submission_decide", args=[application.pk]),
            {"decision": "changes", "message": "Några saker saknas."},
        )
    [message] = mail.outbox
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Några saker saknas." in body
        assert f"{group.number}. {group.title_sv}" in body
        assert "Ange vem som är ordförande." in body
