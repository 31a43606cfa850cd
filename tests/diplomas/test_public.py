"""The public listing, open data, profile and statistics pages."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from diplomas.models import Answer, Diploma, GroupMember, Organisation, Submission
from diplomas.reference_data import load_reference_data

from .factories import diplomate, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    load_reference_data()
    diplomate("1280", 2008)  # Malmö
    diplomate("1281", 2009)  # Lund
    diplomate("0180", 2012)  # Stockholm
    diplomate("12", 2016)  # Region Skåne
    diplomate("1283", 2018, status=Diploma.Status.PAUSED)  # Helsingborg
    diplomate("1282", 2025, status=Diploma.Status.APPLYING)  # Landskrona: not public
    diplomate("1290", 2019, status=Diploma.Status.WITHDRAWN)  # Kristianstad: not public


def rows_of(client, url):
    content = client.get(url).content.decode()
    return list(csv.DictReader(io.StringIO(content)))


def test_the_listing_shows_diplomated_and_paused_only(client, register):
    html = client.get(reverse("diplomas:listing")).content.decode()
    for name in ("Malmö", "Lund", "Stockholm", "Region Skåne", "Helsingborg"):
        assert f">{name}</a>" in html
    assert ">Landskrona</a>" not in html
    assert ">Kristianstad</a>" not in html


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["1283", "1281", "1280", "12", "0180"]),
        ("?kind=region", ["12"]),
        ("?county=12", ["1283", "1281", "1280", "12"]),
        ("?county=12&kind=city&status=diplomated", ["1281", "1280"]),
        ("?year=2009", ["1281"]),
        ("?q=malm", ["1280"]),
        ("?sort=-since", ["1283", "12", "0180", "1281", "1280"]),
        ("?sort=population", ["1281", "1283", "1280", "0180", "12"]),
    ],
)
def test_open_data_holds_exactly_the_filtered_rows(client, register, query, codes):
    rows = rows_of(client, reverse("diplomas:listing_csv") + query)
    assert sorted(r["code"] for r in rows) == sorted(codes)
    if "sort" in query:
        assert [r["code"] for r in rows] == codes
    json_rows = client.get(reverse("diplomas:listing_json") + query).json()
    assert [r["code"] for r in json_rows["results"]] == [r["code"] for r in rows]
    assert json_rows["count"] == len(codes)


def test_the_csv_follows_the_documented_schema(client, register):
    response = client.get(reverse("diplomas:listing_csv") + "?q=Malmö")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row == {
        "code": "1280",
        "name": "Malmö",
        "official_name": "Malmö kommun",
        "organisation_kind": "municipality",
        "diploma": "city",
        "status": "diplomated",
        "diplomated_since": "2008-06-01",
        "county_code": "12",
        "county": "Skåne län",
        "population": "365644",
        "population_year": "2024",
        "website": "",
        "profile_url": "http://testserver/diplomerade/malmo/",
        "last_renewed": "",
        "public_email": "",
    }
    schema = client.get(reverse("diplomas:open_data")).content.decode()
    for field in row:
        assert f"<code>{field}</code>" in schema


@pytest.mark.parametrize(
    "query", ["year=abc&county=99&kind=x", "year=-1", "year=0", "year=1e20", "year=2020.5"]
)
def test_bad_filter_input_gets_a_message_and_no_500(client, register, query):
    response = client.get(reverse("diplomas:listing") + "?" + query)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize("download", ["diplomas:listing_csv", "diplomas:listing_json"])
@pytest.mark.parametrize("query", ["year=abc", "year=99999999999999999999", "county=99"])
def test_open_data_refuses_a_bad_filter_instead_of_exporting_everything(
    client, register, download, query
):
    response = client.get(reverse(download) + "?" + query)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Filtren är inte giltiga; inget exporterades."
    assert set(body["errors"]) == {query.split("=")[0]}


def test_sort_choices_are_in_the_readers_language(client, register):
    html = client.get(reverse("diplomas:listing")).content.decode()
    assert ">Namn (fallande)</option>" in html and "descending" not in html
    html = client.get("/en/diplomerade/").content.decode()
    assert ">Name (descending)</option>" in html and "fallande" not in html
    assert "5 matches" in html


def test_overdue_reports_are_not_shown_to_the_public(client, register):
    Diploma.objects.filter(organisation__code="1280").update(next_report_due=dt.date(2020, 2, 29))
    html = client.get(reverse("diplomas:profile", kwargs={"slug": "malmo"})).content.decode()
    assert "Försenad" not in html and "verdue" not in html
    csv_text = client.get(reverse("diplomas:listing_csv")).content.decode()
    assert "overdue" not in csv_text


def test_the_profile_shows_badges_and_the_purchase_share(client, register, criteria):
    from diplomas.services import criteria_set_valid_on

    malmo = Organisation.objects.get(code="1280")
    GroupMember.objects.create(
        organisation=malmo, name="Erik Kontakt", role="contact", sector="official"
    )
    malmo.goals = "Allt kaffe rättvisemärkt 2027."
    malmo.save()
    criteria_set = criteria_set_valid_on("city", dt.date(2026, 6, 1))
    for year, share in ((2024, 55), (2025, 70)):
        submission = Submission.objects.create(
            organisation=malmo,
            kind="yearly_report",
            year=year,
            criteria_set=criteria_set,
            status="approved",
            decided_at=dt.datetime(year + 1, 3, 1, tzinfo=dt.UTC),
        )
        for criterion in criteria_set.criteria.all():
            Answer.objects.create(
                submission=submission,
                criterion=criterion,
                text="Svar" if criterion.code != "local-group" else "",
                yes_no=True,
                number=share if criterion.is_purchase_share else 5,
            )
    html = client.get(reverse("diplomas:profile", kwargs={"slug": "malmo"})).content.decode()
    assert "Erik Kontakt" in html
    assert "Allt kaffe rättvisemärkt 2027." in html
    assert "2008-06-01" in html
    # Only met criteria are badges: ambition and work plan lack evidence, the group an answer.
    assert html.count('class="badge badge-met"') == 3
    assert "55,0 %" in html and "70,0 %" in html


def test_an_organisation_without_a_public_diploma_has_no_public_page(client, register):
    assert client.get(reverse("diplomas:profile", kwargs={"slug": "landskrona"})).status_code == 404
    assert (
        client.get(reverse("diplomas:profile", kwargs={"slug": "kristianstad"})).status_code == 404
    )


def test_statistics_count_each_organisation_once(client, register):
    diplomate("0980", 2019)  # Gotland: a municipality with regional duties, one diploma
    table = client.get("/en" + reverse("diplomas:statistics")).content.decode()
    # Diplomated: Malmö, Lund, Stockholm, Gotland (cities) and Region Skåne; the paused and the
    # withdrawn ones are not counted.
    text = " ".join(re.sub(r"<[^>]+>", " ", table).split())
    assert "Today 4 municipalities are Fairtrade City. 1 region is Fairtrade Region." in text
    # At the end of 2019: Malmö, Lund, Stockholm, Region Skåne, Helsingborg (vilande from
    # 2020), Kristianstad (left in 2022) and Gotland; awarded that year: Kristianstad, Gotland.
    assert (
        '<th scope="row">2019</th><td class="num">2</td><td class="num">0</td>'
        '<td class="num">0</td><td class="num">7</td>' in table
    )
    assert '<th scope="row">Gotlands län</th><td class="num">1</td><td class="num">0</td>' in table


# --- bounded queries: the same count with 10 and with 300 organisations ---------------------------


def _diplomate_many(count: int) -> None:
    for index, organisation in enumerate(Organisation.objects.order_by("name")[:count]):
        since = dt.date(2005 + index % 20, 1, 1)
        diploma, created = Diploma.objects.get_or_create(
            organisation=organisation,
            defaults={
                "kind": "region" if organisation.kind == "region" else "city",
                "status": "diplomated",
                "diplomated_since": since,
            },
        )
        if created:
            record(diploma, "applying", "diplomated", since)
            if index % 7 == 0:  # some became vilande and were taken up again
                record(diploma, "diplomated", "paused", since + dt.timedelta(days=400))
                record(diploma, "paused", "diplomated", since + dt.timedelta(days=800))


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (reverse("diplomas:listing"), 3),
        (reverse("diplomas:listing") + "?kind=city&sort=-since&page=2", 3),
        (reverse("diplomas:listing") + "?county=14&q=al", 4),
        (reverse("diplomas:listing_csv"), 1),
        (reverse("diplomas:listing_json"), 1),
        (reverse("diplomas:statistics"), 3),
        (reverse("diplomas:datapackage"), 0),
        (reverse("diplomas:profile", kwargs={"slug": "ale"}), 4),  # + the local group
    ],
)
def test_public_pages_run_the_same_queries_for_10_and_300_organisations(
    client, db, url, expected, django_assert_num_queries
):
    load_reference_data()
    _diplomate_many(10)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code in (200,)
    _diplomate_many(300)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code in (200,)


def test_large_numbers_are_grouped_for_reading(client, register):
    malmo = Organisation.objects.get(code="1280")
    grouped = f"{malmo.population:,}".replace(",", "\xa0")  # Swedish: a (non-breaking) space
    assert grouped in client.get(reverse("diplomas:profile", kwargs={"slug": "malmo"})).text
    english = f"{malmo.population:,}"
    assert english in client.get("/en" + reverse("diplomas:listing")).text
