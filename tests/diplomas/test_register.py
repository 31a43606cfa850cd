"""The public register as a journalist or resident uses it: statistics counted from the history,
the profile, the new open-data columns, accent-free search and the Frictionless Data Package."""

import csv
import datetime as dt
import importlib
import io
import json
import re

import frictionless
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from diplomas import services
from diplomas.models import Diploma, DiplomaStatusChange, Organisation, Submission
from diplomas.reference_data import load_reference_data
from diplomas.services import criteria_set_valid_on

from .factories import diplomate, record

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def register(db):
    load_reference_data()
    diplomate("1280", 2008)  # Malmö
    diplomate("1281", 2009)  # Lund
    diplomate("0180", 2012)  # Stockholm
    diplomate("12", 2016)  # Region Skåne
    diplomate("1283", 2018, status=Diploma.Status.PAUSED)  # Helsingborg: vilande 2020
    diplomate("1290", 2019, status=Diploma.Status.WITHDRAWN)  # Kristianstad: left 2022
    diplomate("1282", THIS_YEAR, status=Diploma.Status.APPLYING)  # Landskrona


def url(name: str, language: str = "sv", **kwargs) -> str:
    """The address in a language: a request to /en/ leaves English active in the test."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def year_row(html: str, year: int) -> list[int]:
    """(awarded, became vilande, left, held at year end) of a year in the statistics table."""
    match = re.search(rf'<th scope="row">{year}</th>(.*?)</tr>', html)
    assert match, f"no row for {year}"
    return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', match.group(1))]


def statistics_page(client) -> str:
    return client.get(url("diplomas:statistics", "en")).content.decode()


def approve_report(organisation: Organisation, year: int, decided: dt.datetime, **extra):
    return Submission.objects.create(
        organisation=organisation,
        kind=extra.pop("kind", Submission.Kind.YEARLY_REPORT),
        year=year,
        criteria_set=criteria_set_valid_on("city", dt.date(2026, 6, 1)),
        status=extra.pop("status", Submission.Status.APPROVED),
        decided_at=decided,
    )


# --- statistics from the history ---------------------------------------------------------------


def test_pausing_a_diploma_today_leaves_last_years_figures_unchanged(client, register, staff):
    before = statistics_page(client)
    last_year = year_row(before, THIS_YEAR - 1)
    lund = Diploma.objects.get(organisation__code="1281")
    services.diploma_change_status(
        diploma=lund, to_status=Diploma.Status.PAUSED, by=staff, reason="På egen begäran"
    )
    after = statistics_page(client)
    assert year_row(after, THIS_YEAR - 1) == last_year
    assert year_row(after, 2009) == year_row(before, 2009) == [1, 0, 0, 2]
    awarded, paused, left, held = year_row(after, THIS_YEAR)
    assert (paused, held) == (year_row(before, THIS_YEAR)[1] + 1, last_year[3] - 1)


def test_each_year_counts_the_awarded_the_vilande_the_departed_and_the_holders(client, register):
    html = statistics_page(client)
    assert year_row(html, 2008) == [1, 0, 0, 1]
    assert year_row(html, 2019) == [1, 0, 0, 6]  # + Kristianstad; Helsingborg still holds it
    assert year_row(html, 2020) == [0, 1, 0, 5]  # Helsingborg became vilande
    assert year_row(html, 2022) == [0, 0, 1, 4]  # Kristianstad left
    assert year_row(html, THIS_YEAR) == [0, 0, 0, 4]
    assert "2007</th>" not in html  # the chart and table start with the first diploma


def test_a_diploma_taken_up_again_is_not_awarded_twice(client, register):
    helsingborg = Diploma.objects.get(organisation__code="1283")
    record(helsingborg, "paused", "diplomated", dt.date(2021, 3, 1))
    html = statistics_page(client)
    assert year_row(html, 2021) == [0, 0, 0, 6]  # held, as before: no new award


def test_the_county_figures_are_for_this_year_and_say_so(client, register, staff):
    landskrona = Diploma.objects.get(organisation__code="1282")
    services.diploma_change_status(
        diploma=landskrona, to_status=Diploma.Status.DIPLOMATED, by=staff, reason="Godkänd"
    )
    html = statistics_page(client)
    assert f"Per county in {THIS_YEAR}" in html
    # Skåne today: Malmö, Lund, Landskrona (cities) and the region; Landskrona awarded this year.
    assert (
        '<th scope="row">Skåne län</th><td class="num">3</td><td class="num">1</td>'
        '<td class="num">1</td><td class="num">0</td><td class="num">0</td>' in html
    )


def test_the_chart_labels_few_enough_years_to_read_on_a_phone(client, register):
    html = statistics_page(client)
    svg = html[html.index("<svg") : html.index("</svg>")]
    years = THIS_YEAR - 2008 + 1
    assert svg.count("<rect") == years  # a bar for every year…
    labels = re.findall(r'y="284"[^>]*>(\d{4})</text>', svg)
    assert 2 <= len(labels) <= 6  # …a label on at most six, in large type
    assert labels[-1] == str(THIS_YEAR)
    assert 'viewBox="0 0 640 300"' in svg and 'font-size="22"' in svg


# --- the backfill migration --------------------------------------------------------------------


def _migration(name: str):
    return importlib.import_module(f"diplomas.migrations.{name}")


def test_the_migration_backfills_history_with_real_dates(client, db):
    load_reference_data()
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=["1280", "1281"])}
    # Malmö: entered without history; Lund: paused, with only the demo's change dated today.
    malmo = Diploma.objects.create(
        organisation=organisations["1280"],
        kind="city",
        status="diplomated",
        diplomated_since=dt.date(2008, 5, 15),
    )
    lund = Diploma.objects.create(
        organisation=organisations["1281"],
        kind="city",
        status="paused",
        diplomated_since=dt.date(2009, 5, 15),
    )
    DiplomaStatusChange.objects.create(
        diploma=lund, from_status="applying", to_status="diplomated", reason="Demo"
    )
    _migration("0041_backfill_status_history").backfill(apps, None)

    (award,) = malmo.status_changes.all()
    assert (award.to_status, timezone.localtime(award.changed_at).date()) == (
        "diplomated",
        dt.date(2008, 5, 15),
    )
    assert award.reason.startswith("Efterhandsregistrerad")
    assert [c.to_status for c in lund.status_changes.order_by("changed_at", "pk")] == [
        "diplomated",
        "diplomated",
        "paused",
    ]
    html = statistics_page(client)
    assert year_row(html, 2009) == [1, 0, 0, 2]  # Lund counts from 2009, not from today
    # Running it again adds nothing.
    count = DiplomaStatusChange.objects.count()
    _migration("0041_backfill_status_history").backfill(apps, None)
    assert DiplomaStatusChange.objects.count() == count


def test_a_diploma_added_in_the_admin_counts_from_its_date(client, db, staff):
    load_reference_data()
    client.force_login(staff)
    response = client.post(
        url("admin:diplomas_diploma_add"),
        {
            "organisation": Organisation.objects.get(code="1281").pk,
            "kind": "city",
            "status": "diplomated",
            "diplomated_since": "2009-05-15",
            "reason": "Inlagt i efterhand",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert year_row(statistics_page(client), 2009) == [1, 0, 0, 1]


# --- the profile -------------------------------------------------------------------------------


def test_the_profile_says_when_the_diploma_was_last_renewed(client, register, criteria):
    malmo = Organisation.objects.get(code="1280")
    approve_report(malmo, 2023, dt.datetime(2024, 3, 4, 10, tzinfo=dt.UTC))
    approve_report(malmo, 2024, dt.datetime(2025, 3, 11, 10, tzinfo=dt.UTC))
    approve_report(
        malmo, 2025, None, status=Submission.Status.SUBMITTED
    )  # not decided yet: not a renewal
    approve_report(
        malmo, 2025, dt.datetime(2025, 6, 1, tzinfo=dt.UTC), kind=Submission.Kind.APPLICATION
    )  # an application is not a renewal
    html = text_of(client.get(url("diplomas:profile", slug="malmo")).text)
    assert "Senast förnyat 2025-03-11" in html
    lund = text_of(client.get(url("diplomas:profile", "en", slug="lund")).text)
    assert "Last renewed No yearly report approved yet" in lund


def test_a_vilande_diploma_explains_itself_in_one_sentence(client, register):
    html = text_of(client.get(url("diplomas:profile", slug="helsingborg")).text)
    assert "Status Vilande: diplomet vilar en tid;" in html
    english = client.get(url("diplomas:profile", "en", slug="helsingborg"))
    assert "Paused: the diploma rests for a time;" in text_of(english.text)
    malmo = text_of(client.get(url("diplomas:profile", slug="malmo")).text)
    assert "Status Diplomerad:" in malmo and "vilar" not in malmo


def test_the_profile_shows_the_website_and_the_public_contact(client, register):
    Organisation.objects.filter(code="1280").update(
        website="https://malmo.se/", public_email="fairtrade@malmo.se", public_phone="040-34 10 00"
    )
    html = client.get(url("diplomas:profile", slug="malmo")).text
    assert '<a href="https://malmo.se/">https://malmo.se/</a>' in html
    assert '<a href="mailto:fairtrade@malmo.se">fairtrade@malmo.se</a>' in html
    assert '<a href="tel:040-341000">040-34 10 00</a>' in html


def test_a_region_shows_its_resident_share_and_its_diplomated_municipalities(client, register):
    html = client.get(url("diplomas:profile", slug="region-skane")).text
    text = text_of(html)
    # Malmö (365 644) and Lund hold the diploma; Helsingborg is vilande and does not count.
    assert "av länets invånare bor i en kommun som har diplomet Fairtrade City" in text
    assert re.search(r"\d+,\d % av länets invånare", text)
    assert '<a href="/diplomerade/lund/">Lund</a>' in html
    assert '<a href="/diplomerade/malmo/">Malmö</a>' in html
    assert "/diplomerade/helsingborg/" not in html
    municipality = client.get(url("diplomas:profile", slug="malmo")).text
    assert "av länets invånare" not in municipality


@pytest.mark.parametrize("count", [3, 30])
def test_a_region_profile_runs_the_same_queries_with_3_and_30_municipalities(
    client, db, count, django_assert_num_queries
):
    load_reference_data()
    diplomate("14", 2015)  # Västra Götalandsregionen
    for organisation in Organisation.objects.filter(county__code="14", kind="municipality")[:count]:
        diplomate(organisation.code, 2016)
    slug = Organisation.objects.get(code="14").slug
    with django_assert_num_queries(7):
        assert client.get(url("diplomas:profile", slug=slug)).status_code == 200


# --- the listing and the open data ---------------------------------------------------------------


def test_the_listing_and_the_open_data_show_website_last_renewed_and_email(
    client, register, criteria
):
    malmo = Organisation.objects.get(code="1280")
    malmo.website = "https://malmo.se/"
    malmo.public_email = "fairtrade@malmo.se"
    malmo.save()
    approve_report(malmo, 2024, dt.datetime(2025, 2, 28, 23, 30, tzinfo=dt.UTC))
    # 23:30 UTC on 28 February is 1 March in Sweden: the day is the Swedish one.
    html = client.get(url("diplomas:listing") + "?q=malmo").text
    assert "<td>2025-03-01</td>" in html
    assert '<a href="https://malmo.se/">malmo.se/</a>' in html
    assert '<a href="mailto:fairtrade@malmo.se">fairtrade@malmo.se</a>' in html
    download = client.get(url("diplomas:listing_csv") + "?q=malmo")
    (row,) = csv.DictReader(io.StringIO(download.text))
    assert (row["website"], row["last_renewed"], row["public_email"]) == (
        "https://malmo.se/",
        "2025-03-01",
        "fairtrade@malmo.se",
    )
    (item,) = client.get(url("diplomas:listing_json") + "?q=malmo").json()["results"]
    assert item["last_renewed"] == "2025-03-01" and item["public_email"] == "fairtrade@malmo.se"
    page = client.get(url("diplomas:open_data")).text
    for name in ("website", "last_renewed", "public_email"):
        assert f"<code>{name}</code>" in page


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("goteborg", ["1480"]),
        ("MALMO", ["1280"]),
        ("malmö", ["1280"]),
        ("Malmö kommun", ["1280"]),
        ("  skane ", ["12"]),
        ("REGION SKÅNE", ["12"]),
        ("ostersund", []),  # not diplomated
    ],
)
def test_search_ignores_accents_and_case(client, register, query, codes):
    diplomate("1480", 2010)  # Göteborg
    rows = csv.DictReader(io.StringIO(client.get(url("diplomas:listing_csv"), {"q": query}).text))
    assert sorted(row["code"] for row in rows) == codes
    html = client.get(url("diplomas:listing"), {"q": query}).text
    assert f"{len(codes)} {'träff' if len(codes) == 1 else 'träffar'}." in html


def test_a_renamed_organisation_is_found_by_its_new_name(client, register):
    lund = Organisation.objects.get(code="1281")
    lund.name = "Lunds universitetsstad"
    lund.save(update_fields=["name"])
    listing = client.get(url("diplomas:listing_csv") + "?q=UNIVERSITETSSTAD")
    rows = csv.DictReader(io.StringIO(listing.text))
    assert [row["code"] for row in rows] == ["1281"]


def test_the_migration_fills_the_search_names(register):
    Organisation.objects.update(search_name="")
    _migration("0040_organisation_search_name").fill_search_names(apps, None)
    assert Organisation.objects.get(code="1480").search_name == "goteborg goteborgs kommun"


# --- the data package --------------------------------------------------------------------------


def _validate(client, tmp_path, csv_text: str | None = None) -> frictionless.Report:
    """Validate the CSV the portal serves (or a changed copy) against its data package."""
    package = client.get(url("diplomas:datapackage")).json()
    (resource,) = package["resources"]
    csv_text = client.get(resource["path"]).text if csv_text is None else csv_text
    (tmp_path / "data.csv").write_text(csv_text, encoding="utf-8")
    resource["path"] = "data.csv"  # the downloaded copy, next to the descriptor
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return frictionless.validate(str(tmp_path / "datapackage.json"))


@pytest.fixture
def open_register(register, criteria):
    malmo = Organisation.objects.get(code="1280")
    malmo.website = "https://malmo.se/"
    malmo.public_email = "fairtrade@malmo.se"
    malmo.save()
    approve_report(malmo, 2024, dt.datetime(2025, 3, 11, 10, tzinfo=dt.UTC))
    # A diploma with every optional field empty: no date, website, email or renewal.
    Diploma.objects.create(
        organisation=Organisation.objects.get(code="1284"),  # Höganäs
        kind="city",
        status="diplomated",
    )


def test_the_data_package_describes_every_column_of_the_csv(client, open_register):
    response = client.get(url("diplomas:datapackage"))
    assert response["Content-Type"] == "application/json"
    package = response.json()
    (resource,) = package["resources"]
    assert resource["path"] == "http://testserver/diplomerade/data.csv"
    schema = resource["schema"]
    header = client.get(resource["path"]).text.splitlines()[0].split(",")
    assert [field["name"] for field in schema["fields"]] == header
    assert schema["primaryKey"] == ["code"]
    fields = {field["name"]: field for field in schema["fields"]}
    assert all(field["title"] and field["description"] for field in schema["fields"])
    assert fields["diplomated_since"]["type"] == fields["last_renewed"]["type"] == "date"
    assert fields["website"]["format"] == fields["profile_url"]["format"] == "uri"
    assert fields["public_email"]["format"] == "email"
    assert fields["population"]["type"] == "integer"
    assert fields["code"]["constraints"] == {"required": True, "pattern": "[0-9]{2}([0-9]{2})?"}
    assert "constraints" not in fields["last_renewed"]  # empty is allowed
    english = client.get(url("diplomas:datapackage", "en")).json()
    assert english["resources"][0]["schema"]["fields"][0]["title"] == "Code"
    page = client.get(url("diplomas:open_data")).text
    assert f'href="{url("diplomas:datapackage")}"' in page


def test_the_csv_is_valid_against_its_data_package(client, open_register, tmp_path):
    report = _validate(client, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 6  # including Höganäs with its empty fields


@pytest.mark.parametrize(
    ("column", "bad", "error"),
    [
        ("last_renewed", "11 mars 2025", "type-error"),
        ("public_email", "fairtrade at malmo", "type-error"),
        ("code", "128", "constraint-error"),
        ("population", "många", "type-error"),
        ("status", "paused-ish", "constraint-error"),
    ],
)
def test_a_broken_column_fails_the_validation(client, open_register, tmp_path, column, bad, error):
    rows = list(csv.DictReader(io.StringIO(client.get(url("diplomas:listing_csv")).text)))
    malmo = next(row for row in rows if row["code"] == "1280")
    malmo[column] = bad
    broken = io.StringIO()
    writer = csv.DictWriter(broken, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    report = _validate(client, tmp_path, broken.getvalue())
    assert not report.valid
    assert [e[1:] for e in report.flatten(["rowNumber", "fieldName", "type"])] == [[column, error]]


def test_a_missing_column_fails_the_validation(client, open_register, tmp_path):
    text = client.get(url("diplomas:listing_csv")).text
    without_email = "\n".join(line.rsplit(",", 1)[0] for line in text.splitlines())
    assert not _validate(client, tmp_path, without_email).valid
