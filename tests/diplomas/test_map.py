"""The map of diploma holders (/diplomerade/karta/): the listing's rows as marks on Sweden."""

import csv
import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diplomas import geo
from diplomas.models import Diploma, Organisation
from diplomas.reference_data import DATA_DIR, load_reference_data

pytestmark = pytest.mark.django_db

MAP = reverse("diplomas:map")
MARK = re.compile(r'<a href="(?P<href>[^"]+)" aria-label="(?P<label>[^"]+)">\s*<title>')


def diplomate(code: str, year: int, status=Diploma.Status.DIPLOMATED) -> Diploma:
    organisation = Organisation.objects.get(code=code)
    return Diploma.objects.create(
        organisation=organisation,
        kind="region" if organisation.kind == "region" else "city",
        status=status,
        diplomated_since=dt.date(year, 6, 1),
    )


@pytest.fixture
def register(db):
    load_reference_data()
    diplomate("1280", 2008)  # Malmö
    diplomate("1281", 2009)  # Lund
    diplomate("0180", 2012)  # Stockholm
    diplomate("12", 2016)  # Region Skåne
    diplomate("2584", 2014)  # Kiruna
    diplomate("1283", 2018, status=Diploma.Status.PAUSED)  # Helsingborg, vilande
    diplomate("1282", 2025, status=Diploma.Status.APPLYING)  # Landskrona: not public
    diplomate("1290", 2019, status=Diploma.Status.WITHDRAWN)  # Kristianstad: not public


def the_svg(html: str) -> str:
    start = html.index('<svg class="diploma-map"')
    return html[start : html.index("</svg>", start)]


def marks_of(html: str) -> dict[str, str]:
    """Each mark on the map: its link and its accessible name."""
    return {m["href"]: m["label"] for m in MARK.finditer(the_svg(html))}


def csv_profile_paths(client, query: str) -> set[str]:
    content = client.get(reverse("diplomas:listing_csv") + query).content.decode()
    return {urlsplit(row["profile_url"]).path for row in csv.DictReader(io.StringIO(content))}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", {"Malmö", "Lund", "Stockholm", "Region Skåne", "Kiruna", "Helsingborg"}),
        ("?county=12", {"Malmö", "Lund", "Region Skåne", "Helsingborg"}),
        ("?kind=region", {"Region Skåne"}),
        ("?status=paused", {"Helsingborg"}),
        ("?q=malm", {"Malmö"}),
        ("?year=2009", {"Lund"}),
        ("?county=25&kind=region", set()),
    ],
)
def test_each_filtered_row_is_one_mark_linking_to_its_profile(client, register, query, names):
    response = client.get(MAP + query)
    assert response.status_code == 200
    marks = marks_of(response.text)
    assert {label.split(":")[0] for label in marks.values()} == names
    assert len(MARK.findall(the_svg(response.text))) == len(names)  # one mark per row
    # The same rows as the listing's open data, each mark a link to its public profile.
    assert set(marks) == csv_profile_paths(client, query)
    for href in marks:
        assert client.get(href).status_code == 200


def test_a_mark_is_named_by_its_organisation_and_status_and_a_region_is_drawn_apart(
    client, register
):
    marks = marks_of(client.get(MAP).text)
    assert marks["/diplomerade/helsingborg/"] == "Helsingborg: Fairtrade City, vilande"
    assert marks["/diplomerade/malmo/"] == "Malmö: Fairtrade City, diplomerad"
    assert marks["/diplomerade/region-skane/"] == "Region Skåne: Fairtrade Region, diplomerad"
    svg = the_svg(client.get(MAP).text)
    # A region is a diamond, a municipality a circle; vilande is an open mark, not only a colour.
    assert svg.count("<polygon") == 1 and svg.count('<circle class="map-mark') == 5
    assert svg.count("map-mark-paused") == 1
    # Each municipality has a larger disc to tap, except those on Region Skåne's diamond (on
    # Malmö, the county seat; Lund is 16 km away), which the disc would cover.
    assert svg.count('class="map-hit"') == 3
    for slug in ("malmo", "lund"):
        start = svg.index(f'href="/diplomerade/{slug}/"')
        assert "map-hit" not in svg[start : svg.index("</a>", start)]
    english = marks_of(client.get("/en" + MAP).text)
    assert english["/en/diplomerade/helsingborg/"] == "Helsingborg: Fairtrade City, paused"


def test_marks_stand_where_the_places_are(client, register):
    positions = {}
    for match in re.finditer(
        r'<a href="/diplomerade/(?P<slug>[^/]+)/"[^>]*>\s*<title>[^<]*</title>\s*'
        r'<circle class="[^"]*" cx="(?P<x>[\d.]+)" cy="(?P<y>[\d.]+)"',
        the_svg(client.get(MAP).text),
    ):
        positions[match["slug"]] = (float(match["x"]), float(match["y"]))
    # Numbers in the SVG are never localised (a Swedish decimal comma would break it).
    assert set(positions) == {"malmo", "lund", "stockholm", "kiruna", "helsingborg"}
    assert positions["kiruna"][1] < positions["stockholm"][1] < positions["malmo"][1]
    assert positions["helsingborg"][1] < positions["malmo"][1]
    assert positions["stockholm"][0] > positions["malmo"][0]


def test_every_shipped_municipality_and_region_falls_inside_the_map():
    outline = geo.outline()
    points = geo.points()
    for name in ("municipalities.csv", "regions.csv"):
        with (DATA_DIR / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                x, y = points[row["code"]]
                # Inside the viewBox with room for the largest mark around it.
                assert geo.REGION_RADIUS <= x <= outline.width - geo.REGION_RADIUS, row
                assert geo.REGION_RADIUS <= y <= outline.height - geo.REGION_RADIUS, row
    # The projection of the outline: Smygehuk, Sweden's southernmost point, is near the bottom
    # and Treriksröset, the northernmost, near the top.
    _x, south = outline.projection(55.337, 13.359)
    _x, north = outline.projection(69.060, 20.548)
    assert outline.height - 40 < south < outline.height and 0 < north < 40


def test_bad_filter_input_gets_a_message_and_the_valid_filters_still_apply(client, register):
    response = client.get(MAP + "?year=abc&county=99&kind=region")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert set(marks_of(response.text)) == {"/diplomerade/region-skane/"}
    for query in ("?year=-1", "?year=1e20", "?page=x&sort=nonsense", "?q=%00"):
        assert client.get(MAP + query).status_code == 200


def test_the_map_and_the_listing_link_to_each_other_with_the_same_selection(client, register):
    html = client.get(MAP + "?county=12&status=diplomated&page=2").text
    assert 'href="/diplomerade/?county=12&amp;status=diplomated"' in html
    listing = client.get(reverse("diplomas:listing") + "?county=12&kind=city").text
    assert 'href="/diplomerade/karta/?county=12&amp;kind=city"' in listing
    assert 'href="/diplomerade/karta/"' in client.get("/").text  # the main menu


def test_the_list_below_the_map_names_every_mark_and_the_sources(client, register):
    html = client.get(MAP + "?county=12").text
    items = re.findall(r'<li><a href="(/diplomerade/[^"]+/)">([^<]+)</a> – ([^<]+) <span', html)
    assert {href for href, _n, _s in items} == set(marks_of(html))
    assert ("/diplomerade/helsingborg/", "Helsingborg", "Fairtrade City, vilande") in items
    assert "GeoNames (CC BY 4.0)" in html and "Natural Earth" in html
    # Drawn from the project's own data: no tiles, scripts or anything from another host.
    svg = the_svg(html)
    assert "<image" not in svg and "<script" not in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', svg)


def _diplomate_many(count: int) -> None:
    for index, organisation in enumerate(Organisation.objects.order_by("name")[:count]):
        Diploma.objects.get_or_create(
            organisation=organisation,
            defaults={
                "kind": "region" if organisation.kind == "region" else "city",
                "status": "paused" if index % 7 == 0 else "diplomated",
                "diplomated_since": dt.date(2005 + index % 20, 1, 1),
            },
        )


@pytest.mark.parametrize(
    ("query", "expected"), [("", 2), ("?county=14&q=al&sort=-since", 3), ("?year=abc", 2)]
)
def test_the_map_runs_the_same_queries_for_10_and_300_organisations(client, db, query, expected):
    load_reference_data()
    for count in (10, 300):
        _diplomate_many(count)
        with CaptureQueriesContext(connection) as context:
            response = client.get(MAP + query)
        assert response.status_code == 200
        assert len(context.captured_queries) == expected, [
            q["sql"] for q in context.captured_queries
        ]
    assert len(marks_of(client.get(MAP).text)) == Diploma.objects.count() == 300
