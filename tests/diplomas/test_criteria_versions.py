"""Criteria are versioned for real: a used set is frozen, a copy is drafted and published with a
date, the public profile reads the set of the report it shows, and /kriterier/ shows what is in
force."""

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diplomas import services
from diplomas.models import (
    Answer,
    CriteriaSet,
    Criterion,
    CriterionThreshold,
    Diploma,
    Submission,
)
from tests.conftest import make_organisation
from tests.diplomas.factories import city_answers

pytestmark = pytest.mark.django_db


class _FormData(HTMLParser):
    """The data a browser would send from the admin's change form, as rendered."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if attrs.get("type") in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = attrs.get("value", "")
            if "selected" in attrs:
                self.data.setdefault(self._select, []).append(attrs.get("value", ""))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._select_chosen:
                self.data.setdefault(self._select, []).append(self._select_first or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def form_data(html: str) -> dict:
    parser = _FormData()
    parser.feed(html)
    data = {k: v if len(v) > 1 else v[0] for k, v in parser.data.items()}
    data["_save"] = "Spara"
    return data


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def city_set() -> CriteriaSet:
    return CriteriaSet.objects.get(kind="city", version="2026")


def submit_application(client, organisation, coordinator) -> Submission:
    application = services.submission_start(organisation=organisation, by=coordinator)
    client.force_login(coordinator)
    data = city_answers(application.criteria_set)
    data["action"] = "submit"
    client.post(
        reverse("diplomas:submission", kwargs={"slug": organisation.slug, "pk": application.pk}),
        data,
    )
    application.refresh_from_db()
    assert application.status == Submission.Status.SUBMITTED
    return application


def test_existing_criteria_sets_are_published_by_the_migration(db):
    # The sets the data migration seeded, as a real database has them after migrating.
    assert set(CriteriaSet.objects.values_list("kind", "state")) == {
        ("city", "published"),
        ("region", "published"),
    }


def test_a_criteria_set_a_submitted_report_uses_is_frozen_even_against_a_crafted_post(
    client, criteria, malmo, coordinator, staff
):
    criteria_set = city_set()
    activities = criteria_set.criteria.get(code="activities")
    set_url = reverse("admin:diplomas_criteriaset_change", args=[criteria_set.pk])
    criterion_url = reverse("admin:diplomas_criterion_change", args=[activities.pk])
    client.force_login(staff)
    # The forms as staff saw them while nothing was submitted yet…
    set_form = form_data(client.get(set_url).content.decode())
    criterion_form = form_data(client.get(criterion_url).content.decode())
    assert "thresholds-0-min_value" in criterion_form

    submit_application(client, malmo, coordinator)
    client.force_login(staff)

    # …are read-only now, with the reason.
    page = client.get(set_url).content.decode()
    assert "används av inskickade ansökningar" in page and "kopiera den till en ny version" in page
    assert 'name="version"' not in page
    assert 'name="title_sv"' not in client.get(criterion_url).content.decode()

    # A crafted POST changing a title or a threshold is refused and changes nothing.
    set_form["source_note"] = "Ändrad i efterhand"
    set_form["criteria-0-title_sv"] = "Ändrad titel"
    assert client.post(set_url, set_form).status_code == 403
    criterion_form["title_sv"] = "Ändrad titel"
    criterion_form["thresholds-0-min_value"] = "1"
    assert client.post(criterion_url, criterion_form).status_code == 403
    add = client.post(
        reverse("admin:diplomas_criterion_add"),
        {**criterion_form, "code": "ny", "number": "99"},
    )
    assert add.status_code == 200  # the frozen set is not a choice: the form says so
    delete = reverse("admin:diplomas_criterion_delete", args=[activities.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403

    activities.refresh_from_db()
    assert activities.title_sv == "Informations- och engagemangsaktiviteter varje år"
    assert sorted(activities.thresholds.values_list("min_value", flat=True)) == [2, 3, 4]
    assert not Criterion.objects.filter(code="ny").exists()
    criteria_set.refresh_from_db()
    assert criteria_set.source_note != "Ändrad i efterhand"
    assert not Criterion.objects.filter(title_sv="Ändrad titel").exists()


def test_an_unused_criteria_set_can_still_be_changed(staff_client, criteria):
    activities = city_set().criteria.get(code="activities")
    url = reverse("admin:diplomas_criterion_change", args=[activities.pk])
    data = form_data(staff_client.get(url).content.decode())
    data["title_sv"] = "Aktiviteter"
    data["asked_in"] = "smaller"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    activities.refresh_from_db()
    assert (activities.title_sv, activities.asked_in) == ("Aktiviteter", "smaller")
    changelist = staff_client.get(reverse("admin:diplomas_criteriaset_changelist"))
    assert changelist.status_code == 200
    # A set added in the admin starts as a draft, whatever is posted.
    added = staff_client.post(
        reverse("admin:diplomas_criteriaset_add"),
        {
            "kind": "region",
            "version": "2030",
            "state": "published",
            "valid_from": "2030-01-01",
            "source_note": "",
            "criteria-TOTAL_FORMS": "0",
            "criteria-INITIAL_FORMS": "0",
        },
    )
    assert added.status_code == 302
    assert CriteriaSet.objects.get(version="2030").state == CriteriaSet.State.DRAFT


def copy_city_set(staff_client) -> CriteriaSet:
    original = city_set()
    response = staff_client.post(
        reverse("admin:diplomas_criteriaset_changelist"),
        {"action": "copy_to_new_version", "_selected_action": [original.pk]},
        follow=True,
    )
    assert "Ett utkast har kopierats" in response.content.decode()
    return CriteriaSet.objects.get(kind="city", state=CriteriaSet.State.DRAFT)


def test_copy_to_a_new_version_drafts_a_copy_to_edit_and_publish(
    staff_client, criteria, malmo, coordinator
):
    original = city_set()
    draft = copy_city_set(staff_client)
    assert draft.criteria.count() == original.criteria.count()
    assert list(draft.criteria.values_list("code", "asked_in", "title_sv")) == list(
        original.criteria.values_list("code", "asked_in", "title_sv")
    )
    assert CriterionThreshold.objects.filter(criterion__criteria_set=draft).count() == (
        CriterionThreshold.objects.filter(criterion__criteria_set=original).count()
    )
    # A draft is neither used nor public.
    assert services.criteria_set_valid_on("city", dt.date(2030, 1, 1)) == original
    assert draft.version not in staff_client.get(reverse("diplomas:criteria")).content.decode()
    assert (
        staff_client.get(
            reverse("diplomas:criteria_version", args=["city", draft.version])
        ).status_code
        == 404
    )
    # The draft is edited…
    purchasing = draft.criteria.get(code="purchasing")
    purchasing.title_sv = "Rättvisemärkta inköp, ny lydelse"
    purchasing.save()

    publish = reverse("admin:diplomas_criteriaset_publish", args=[draft.pk])
    change = staff_client.get(reverse("admin:diplomas_criteriaset_change", args=[draft.pk]))
    assert f'href="{publish}"' in change.content.decode()
    assert 'name="version"' in staff_client.get(publish).content.decode()
    # …and published, but not from a date before the version in force, nor without a name.
    page = staff_client.post(publish, {"version": "2027", "valid_from": "2026-01-01"})
    assert "Datumet måste vara efter 2026-01-01" in page.content.decode()
    page = staff_client.post(publish, {"version": "2026", "valid_from": "2027-01-01"})
    assert "Det finns redan en publicerad version med det namnet." in page.content.decode()
    page = staff_client.post(publish, {"version": "20 27", "valid_from": "2027-01-01"})
    assert "Använd bara bokstäver" in page.content.decode()
    draft.refresh_from_db()
    assert draft.state == CriteriaSet.State.DRAFT

    response = staff_client.post(publish, {"version": "2027", "valid_from": "2027-01-01"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.version, draft.valid_from) == (
        "published",
        "2027",
        dt.date(2027, 1, 1),
    )
    assert services.criteria_set_valid_on("city", dt.date(2026, 12, 31)) == original
    assert services.criteria_set_valid_on("city", dt.date(2027, 1, 1)) == draft
    application = services.submission_start(
        organisation=malmo, by=coordinator, today=dt.date(2027, 3, 1)
    )
    assert application.criteria_set == draft


def approved(organisation, criteria_set, year, decided, answers) -> Submission:
    submission = Submission.objects.create(
        organisation=organisation,
        kind=Submission.Kind.YEARLY_REPORT,
        year=year,
        criteria_set=criteria_set,
        status=Submission.Status.APPROVED,
        decided_at=decided,
    )
    by_code = {c.code: c for c in criteria_set.criteria.all()}
    for code, fields in answers.items():
        Answer.objects.create(submission=submission, criterion=by_code[code], **fields)
    return submission


def test_the_profile_shows_the_badges_of_the_latest_report_by_year_from_its_own_criteria(
    client, staff_client, criteria, malmo
):
    Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2015, 5, 1),
    )
    old = city_set()
    approved(
        malmo,
        old,
        2025,
        dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        {
            "ambition": {"text": "Beslut"},  # no evidence attached: not met
            "purchasing": {"number": Decimal("70")},
            "changes": {"text": "Inget nytt."},
        },
    )
    # The report on 2024 was decided later, but 2025 is the one to show.
    approved(
        malmo,
        old,
        2024,
        dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        {"local-group": {"text": "Kommunen och kyrkan"}},
    )
    # A new version in force today renames the purchase criterion.
    draft = copy_city_set(staff_client)
    draft.criteria.filter(code="purchasing").update(title_sv="Ny lydelse om inköp")
    services.criteria_set_publish(
        criteria_set=draft, version="2026.2", valid_from=dt.date(2026, 6, 1)
    )

    html = client.get(reverse("diplomas:profile", kwargs={"slug": "malmo"})).content.decode()
    badges = html[html.index('id="badges-title"') : html.index("</section>", html.index("badges"))]
    assert "Kriterier som uppfylls enligt årsrapporten 2025" in badges
    assert "Inköp av rättvisemärkta produkter som ökar över tid" in badges  # the report's set
    assert "Ny lydelse om inköp" not in badges
    assert "Vad som har förändrats sedan förra rapporten" in badges
    assert "Ambitionen i kommunens styrdokument" not in badges  # not met: no badge
    assert "En lokal arbetsgrupp" not in badges  # from 2024, not shown
    assert badges.count("<li") == 2


def test_the_public_criteria_page_shows_what_is_in_force_with_earlier_versions(
    client, staff_client, criteria
):
    draft = copy_city_set(staff_client)
    draft.criteria.filter(code="ambition").update(title_sv="Styrdokument, ny lydelse")
    services.criteria_set_publish(
        criteria_set=draft, version="2026.2", valid_from=dt.date(2026, 6, 1)
    )
    client.logout()
    html = client.get(reverse("diplomas:criteria")).content.decode()
    assert "Fairtrade City" in html and "Fairtrade Region" in html
    assert "Styrdokument, ny lydelse" in html  # the version in force today
    assert "Ambitionen i kommunens styrdokument" not in html
    assert "Beslut i regionfullmäktige" in html
    assert "Bifoga protokollsutdraget." in html  # evidence asked for
    assert re.search(r"30\s000–99\s999", html)  # population thresholds
    assert "ansökan och den större årsrapporten" in html  # which report asks
    old = reverse("diplomas:criteria_version", args=["city", "2026"])
    assert f'href="{old}"' in html
    earlier = client.get(old).content.decode()
    assert "Ambitionen i kommunens styrdokument" in earlier
    assert "En tidigare version" in earlier
    # The footer links to it from every page.
    assert reverse("diplomas:criteria") in client.get(reverse("home")).content.decode()


def test_the_public_criteria_page_runs_the_same_queries_at_any_size(client, criteria):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("diplomas:criteria")).status_code == 200
        return len(captured)

    small = queries()
    for n, kind in enumerate(["city", "region"] * 3, start=1):
        criteria_set = CriteriaSet.objects.create(
            kind=kind, version=f"2027.{n}", valid_from=dt.date(2027, 1, n), state="published"
        )
        for number in range(1, 15):
            criterion = Criterion.objects.create(
                criteria_set=criteria_set,
                number=number,
                code=f"c{number}",
                title_sv=f"Kriterium {number}",
                guidance_sv="Vägledning",
                answer_type="number",
            )
            for low in (0, 10_000, 50_000):
                CriterionThreshold.objects.create(
                    criterion=criterion, min_population=low, min_value=number
                )
    make_organisation("1281", "Lund")
    assert queries() == small
    assert small <= 6
