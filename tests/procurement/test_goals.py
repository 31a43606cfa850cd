"""Goals and indicators: an organisation's goals and yearly figures (shares computed, never
typed), its public chart when it chooses, the national aggregate weighted by spend with its open
data, and the yearly report reading the purchase share from the figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from diplomas import services as diploma_services
from diplomas.models import Diploma, Membership, Organisation, Submission
from procurement.models import Category, Figure, FigurePublication, Goal
from procurement.selectors.goals import MIN_REPORTING, national_aggregate, purchase_share
from tests.conftest import make_county, make_organisation, make_user

pytestmark = pytest.mark.django_db

GOALS = "/organisationer/malmo/mal/"
# Every URL under …/mal/; the access test below reaches each (publication by its POST).
GOAL_URLS = {"goals", "goal_new", "goal_change", "figure_new", "figure_change", "goal_publication"}
AGGREGATE = "/upphandling/inkopsandelar/"


def coffee() -> Category:
    return Category.objects.get(code="KAF")


def figure(organisation, year, total, with_requirements, certified=None, code="KAF", **extra):
    return Figure.objects.create(
        organisation=organisation,
        year=year,
        category=Category.objects.get(code=code),
        total=total,
        with_requirements=with_requirements,
        certified=certified,
        **extra,
    )


def test_a_coordinator_sets_a_goal_and_reports_figures_and_the_share_is_computed(
    client, coordinator, malmo
):
    client.force_login(coordinator)
    response = client.post(
        GOALS + "nytt/",
        {
            "year": "2026",
            "category": coffee().pk,
            "measure": "spend",
            "basis": "requirements",
            "target": "100",
            "note": "Kommunfullmäktiges beslut 2025",
        },
    )
    assert response.status_code == 302
    response = client.post(
        GOALS + "siffror/",
        {
            "year": "2026",
            "category": coffee().pk,
            "measure": "spend",
            "total": "400000",
            "with_requirements": "250000",
            "certified": "100000",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Siffrorna är sparade." in page
    stored = Figure.objects.get(organisation=malmo)
    assert stored.share_with_requirements == Decimal("62.5")
    assert stored.reported_by == coordinator
    assert "62,5" in page  # the share, computed, in Swedish
    assert "inte nått" in page  # 62.5 % of a 100 % goal
    assert "<svg" in page and "Kaffe, år för år" in page  # the chart and its table


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"total": "100", "with_requirements": "101"},
            "with_requirements",
            "kan inte vara större än det totala",
        ),
        ({"total": "100", "with_requirements": "-5"}, "with_requirements", "större än eller lika"),
        ({"total": "-100", "with_requirements": "0"}, "total", "större än eller lika med 1"),
        (
            {"total": "100", "with_requirements": "10", "certified": "200"},
            "certified",
            "kan inte vara större än det totala",
        ),
        (
            {"total": "100", "with_requirements": "10", "year": "1999"},
            "year",
            "Välj ett år från 2000 till",
        ),
        ({"total": "12,5", "with_requirements": "1"}, "total", "Fyll i ett tal"),
    ],
)
def test_bad_figures_get_a_message_on_the_field_and_change_nothing(
    client, coordinator, malmo, data, field, message
):
    client.force_login(coordinator)
    post = {"year": "2025", "category": coffee().pk, "measure": "spend", "certified": ""}
    post.update(data)
    response = client.post(GOALS + "siffror/", post)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Figure.objects.exists()


def test_a_second_report_of_the_same_year_and_category_is_refused_in_words(
    client, coordinator, malmo
):
    figure(malmo, 2025, 100, 50)
    client.force_login(coordinator)
    response = client.post(
        GOALS + "siffror/",
        {
            "year": "2025",
            "category": coffee().pk,
            "measure": "spend",
            "total": "300",
            "with_requirements": "1",
        },
    )
    assert "redan rapporterade" in response.content.decode()
    assert Figure.objects.get().total == 100


def test_a_goal_above_100_percent_is_refused(client, coordinator, malmo):
    client.force_login(coordinator)
    response = client.post(
        GOALS + "nytt/",
        {
            "year": "2026",
            "category": coffee().pk,
            "measure": "spend",
            "basis": "requirements",
            "target": "120",
        },
    )
    assert "target" in response.context["form"].errors
    assert not Goal.objects.exists()


def test_changing_and_removing_figures(client, coordinator, malmo):
    row = figure(malmo, 2025, 100, 50)
    client.force_login(coordinator)
    url = reverse("procurement_org:figure_change", args=["malmo", row.pk])
    client.post(
        url,
        {
            "year": "2025",
            "category": coffee().pk,
            "measure": "spend",
            "total": "200",
            "with_requirements": "150",
        },
    )
    row.refresh_from_db()
    assert row.share_with_requirements == Decimal("75.0")
    client.post(url, {"action": "delete"})
    assert not Figure.objects.exists()


@pytest.mark.parametrize(
    "persona, overview, form",
    [
        ("anonymous", 302, 302),
        ("member", 200, 404),
        ("coordinator", 200, 200),
        ("other_coordinator", 404, 404),
        ("staff", 200, 404),  # staff read; the organisation's coordinators change
    ],
)
def test_who_reads_and_who_changes_the_goals(persona_client, persona, overview, form, malmo):
    row = figure(malmo, 2025, 100, 50)
    goal = Goal.objects.create(organisation=malmo, year=2025, category=coffee(), target=80)
    client = persona_client(persona)
    assert client.get(GOALS).status_code == overview
    for url in (
        GOALS + "nytt/",
        GOALS + "siffror/",
        reverse("procurement_org:figure_change", args=["malmo", row.pk]),
        reverse("procurement_org:goal_change", args=["malmo", goal.pk]),
    ):
        assert client.get(url).status_code == form, url
    if persona != "coordinator":
        client.post(
            reverse("procurement_org:figure_change", args=["malmo", row.pk]), {"action": "delete"}
        )
        client.post(GOALS + "publicera/", {"published": "on"})
        assert Figure.objects.filter(pk=row.pk).exists()
        assert not FigurePublication.objects.exists()


def test_the_matrix_covers_every_goals_url():
    from fairtrade_portal.access import declared_urls

    names = {url.name for url in declared_urls() if "/mal/" in url.route}
    assert names == {f"procurement_org:{name}" for name in GOAL_URLS}


def test_another_organisations_figure_is_404_under_ones_own(client, other_coordinator, malmo, lund):
    row = figure(malmo, 2025, 100, 50)
    client.force_login(other_coordinator)
    url = reverse("procurement_org:figure_change", args=["lund", row.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "delete"}).status_code == 404
    assert Figure.objects.filter(pk=row.pk).exists()


def test_the_public_profile_shows_the_chart_only_when_the_organisation_publishes(
    client, coordinator, malmo
):
    Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2008, 6, 1),
    )
    for year, share in ((2024, 40), (2025, 70), (2026, 90)):
        figure(malmo, year, 1000, share * 10)
    profile = reverse("diplomas:profile", args=["malmo"])
    assert "Inköp med krav" not in client.get(profile).content.decode()

    client.force_login(coordinator)
    client.post(GOALS + "publicera/", {"published": "on"})
    client.logout()
    page = client.get(profile).content.decode()
    assert "Inköp med krav" in page
    assert "<svg" in page and "90,0" in page and "2024" in page

    client.force_login(coordinator)
    client.post(GOALS + "publicera/", {})
    client.logout()
    assert "Inköp med krav" not in client.get(profile).content.decode()


@pytest.mark.parametrize("years", [2, 8])
def test_the_goals_page_runs_the_same_queries_at_two_sizes(
    client, coordinator, malmo, years, django_assert_num_queries
):
    from tests.conftest import log_in_counted

    for code in ("KAF", "TEA", "BAN"):
        for year in range(2026 - years, 2026):
            figure(malmo, year, 1000, 500, code=code)
            Goal.objects.create(
                organisation=malmo, year=year, category=Category.objects.get(code=code), target=90
            )
    log_in_counted(client, coordinator)
    client.get(GOALS)
    # The session, the person, the menu, the organisation and the membership; the figures,
    # the goals and whether they are published.
    with django_assert_num_queries(8):
        assert client.get(GOALS).status_code == 200


# --- the national aggregate ----------------------------------------------------------------


def three_reporting():
    skane = [
        make_organisation(code, name)
        for code, name in (("1283", "Helsingborg"), ("1290", "Kristianstad"), ("1292", "Ängelholm"))
    ]
    figure(skane[0], 2025, 1_000_000, 900_000, certified=500_000)
    figure(skane[1], 2025, 100_000, 0, certified=100_000)
    figure(skane[2], 2025, 100_000, 100_000)  # no certified part reported
    return skane


def test_the_aggregate_weights_each_share_by_spend(db):
    three_reporting()
    (row,) = national_aggregate()
    assert row.organisations == 3
    # (900 000 + 0 + 100 000) / 1 200 000, not the mean of 90 %, 0 % and 100 %.
    assert row.share_with_requirements == Decimal("83.3")
    # Certified: only those who reported it, (500 000 + 100 000) / 1 100 000 – but two
    # organisations are fewer than the minimum, so it is not shown.
    assert row.certified_organisations == 2
    assert row.share_certified is None


def test_a_share_of_fewer_than_three_organisations_is_not_shown(client, db):
    lone = make_organisation("1284", "Höganäs")
    figure(lone, 2025, 1000, 10)
    page = client.get(AGGREGATE).content.decode()
    assert "för få har rapporterat" in page
    data = json.loads(client.get(AGGREGATE + "data.json").content)
    (row,) = data["results"]
    assert row["organisations"] == 1
    assert row["share_with_requirements_percent"] == ""
    assert row["total_spend_sek"] == ""  # one organisation's own spend


def test_a_public_visitor_reads_the_aggregate_and_its_open_data(client, db):
    three_reporting()
    page = client.get(AGGREGATE).content.decode()
    assert "Kaffe" in page and "83,3" in page and "<svg" in page
    assert str(MIN_REPORTING) in page

    response = client.get(AGGREGATE + "data.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [
        {
            "year": "2025",
            "category_code": "KAF",
            "category": "Kaffe",
            "organisations": "3",
            "total_spend_sek": "1200000",
            "spend_with_requirements_sek": "1000000",
            "share_with_requirements_percent": "83.3",
            "certified_organisations": "2",
            "share_certified_percent": "",
        }
    ]
    data = json.loads(client.get(AGGREGATE + "data.json").content)
    assert data["count"] == 1 and data["results"][0]["share_with_requirements_percent"] == 83.3


@pytest.mark.parametrize("organisations", [3, 30])
def test_the_aggregate_page_runs_the_same_queries_at_two_sizes(
    client, organisations, django_assert_num_queries
):
    codes = ["KAF", "TEA", "BAN"]
    for index in range(organisations):
        organisation = make_organisation(f"{9000 + index}", f"Kommun {index}")
        for code in codes:
            for year in (2024, 2025):
                figure(organisation, year, 1000, 500, code=code)
    client.get(AGGREGATE)
    with django_assert_num_queries(2):
        assert client.get(AGGREGATE).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(AGGREGATE + "data.csv").status_code == 200


def test_the_aggregate_stays_right_and_bounded_at_300_organisations_10_years_15_categories(
    db, django_assert_num_queries
):
    categories = list(Category.objects.order_by("code")[:15])
    assert len(categories) == 15
    rng = random.Random(12)  # derandomised: the same figures every run
    organisations = Organisation.objects.bulk_create(
        Organisation(
            code=f"{8000 + i}",
            name=f"Kommun {i}",
            official_name=f"Kommun {i}",
            slug=f"kommun-{i}",
            kind=Organisation.Kind.MUNICIPALITY,
            county=make_county(),
            population=10_000,
            population_year=2024,
        )
        for i in range(300)
    )
    figures, expected = [], {}
    for organisation in organisations:
        for year in range(2016, 2026):
            for category in categories:
                total = rng.randint(1, 10**7)
                part = rng.randint(0, total)
                figures.append(
                    Figure(
                        organisation=organisation,
                        year=year,
                        category=category,
                        total=total,
                        with_requirements=part,
                    )
                )
                sums = expected.setdefault((year, category.code), [0, 0])
                sums[0] += total
                sums[1] += part
    Figure.objects.bulk_create(figures, batch_size=5000)
    with django_assert_num_queries(2):
        rows = national_aggregate()
    assert len(rows) == 10 * 15
    for row in rows:
        total, part = expected[(row.year, row.category.code)]
        assert row.organisations == 300
        assert row.share_with_requirements == (Decimal(part) * 100 / total).quantize(Decimal("0.1"))


# --- the yearly report reads the purchase share ---------------------------------------------


def test_the_yearly_report_reads_the_purchase_share_from_the_figures(
    client, criteria, malmo, coordinator, staff
):
    Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2021, 5, 1),
        next_report_due=dt.date(2027, 2, 28),
    )
    report = diploma_services.submission_start(
        organisation=malmo, by=coordinator, today=dt.date(2026, 11, 23)
    )
    purchasing = report.criteria_set.criteria.get(is_purchase_share=True)
    figure(malmo, report.year, 300_000, 300_000, certified=150_000, code="KAF")
    figure(malmo, report.year, 100_000, 50_000, certified=10_000, code="BAN")
    figure(malmo, report.year, 500_000, 0, certified=500_000, code="TEX")  # not a criterion's
    assert purchase_share(malmo, report.year).share == Decimal("40.0")  # 160 000 / 400 000

    client.force_login(coordinator)
    url = reverse("diplomas:submission", args=["malmo", report.pk])
    page = client.get(url).content.decode()
    assert f'name="c{purchasing.pk}"' not in page  # not asked again
    assert "Hämtat från mål och siffror för 2026" in page and "40,0" in page

    from tests.diplomas.factories import city_answers

    data = city_answers(report.criteria_set)
    data.pop(f"c{purchasing.pk}", None)
    data["action"] = "submit"
    client.post(url, data)
    report.refresh_from_db()
    assert report.status == Submission.Status.SUBMITTED
    answer = report.answers.get(criterion=purchasing)
    assert answer.number == Decimal("40.0")
    assert answer.snapshot["source"] == "figures"

    # The figures change after the report went in: the report keeps what it read.
    Figure.objects.filter(organisation=malmo, category__code="KAF").update(certified=0)
    client.force_login(staff)
    review = client.get(reverse("admin:diplomas_submission_change", args=[report.pk]))
    assert "Hämtat från mål och siffror för 2026" in review.content.decode()
    assert "40,0" in review.content.decode()


def test_without_figures_the_report_asks_for_the_share_as_before(
    client, criteria, malmo, coordinator
):
    Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2021, 5, 1),
    )
    report = diploma_services.submission_start(
        organisation=malmo, by=coordinator, today=dt.date(2026, 11, 23)
    )
    purchasing = report.criteria_set.criteria.get(is_purchase_share=True)
    figure(malmo, report.year, 300_000, 300_000)  # no certified part: nothing to read
    client.force_login(coordinator)
    page = client.get(reverse("diplomas:submission", args=["malmo", report.pk])).content.decode()
    assert f'name="c{purchasing.pk}"' in page


def test_members_of_the_organisation_only(client, malmo):
    outsider = make_user("x@example.org", "X")
    Membership.objects.create(
        user=outsider, organisation=make_organisation("0180", "Stockholm"), role="coordinator"
    )
    client.force_login(outsider)
    assert client.get(GOALS).status_code == 404
    assert client.get(AGGREGATE).status_code == 200


def test_the_demo_has_malmos_goals_and_figures_on_its_profile_and_a_published_aggregate(
    client, settings, criteria
):
    from diplomas.demo import load_demo_data

    settings.DEMO_MODE = True
    load_demo_data()
    malmo = Organisation.objects.get(code="1280")
    count = Figure.objects.count()
    load_demo_data()  # twice changes nothing
    assert Figure.objects.count() == count
    assert Figure.objects.filter(organisation=malmo).count() == 16  # 4 categories × 4 years
    assert Goal.objects.filter(organisation=malmo).exists()

    profile = client.get(reverse("diplomas:profile", args=["malmo"])).content.decode()
    assert "Inköp med krav" in profile and "Kaffe, år för år" in profile
    rows = national_aggregate()
    this_year = dt.date.today().year
    # Twelve organisations reported the past years; this year, so far, only Malmö.
    assert {row.organisations for row in rows if row.year < this_year} == {12}
    assert all(row.shown for row in rows if row.year < this_year)
    assert not any(row.shown for row in rows if row.year == this_year)

    # The yearly report under way reads Malmö's share from its figures.
    report = Submission.objects.get(organisation=malmo, status=Submission.Status.DRAFT)
    assert purchase_share(malmo, report.year) is not None
    client.force_login(malmo.memberships.get(user__email="samordnare@demo.example").user)
    page = client.get(reverse("diplomas:submission", args=["malmo", report.pk])).content.decode()
    assert f"Hämtat från mål och siffror för {report.year}" in page


def test_with_the_page_cache_new_figures_show_on_the_next_request(
    client, coordinator, malmo, page_cache, django_capture_on_commit_callbacks
):
    three_reporting()
    Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2008, 6, 1),
    )
    FigurePublication.objects.create(organisation=malmo, published=True)
    profile = reverse("diplomas:profile", args=["malmo"])
    assert "83,3" in client.get(AGGREGATE).content.decode()
    assert "Inköp med krav" not in client.get(profile).content.decode()  # nothing to show yet
    assert client.get(AGGREGATE).content == client.get(AGGREGATE).content  # stored

    other = Client()
    other.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        other.post(
            GOALS + "siffror/",
            {
                "year": "2025",
                "category": coffee().pk,
                "measure": "spend",
                "total": "800000",
                "with_requirements": "800000",
            },
        )
    # (1 000 000 + 800 000) / 2 000 000 = 90 %: the aggregate and the profile show it at once.
    assert "90,0" in client.get(AGGREGATE).content.decode()
    assert "Inköp med krav" in client.get(profile).content.decode()
