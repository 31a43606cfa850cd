"""The open data is built once per data version and served as stored bytes: Content-Length,
ETag and Last-Modified, 304 for a conditional GET without a rebuild, gzip for a client that
takes it, and a new build after a change."""

from __future__ import annotations

import gzip
import json

import pytest
from django.test import Client
from django.urls import reverse

from diplomas import services
from diplomas.models import Diploma
from diplomas.reference_data import load_reference_data

from .factories import diplomate

CSV = reverse("diplomas:listing_csv")
JSON = reverse("diplomas:listing_json")


@pytest.fixture
def register(db, page_cache):
    load_reference_data()
    diplomate("1280", 2008)  # Malmö
    diplomate("1281", 2009)  # Lund
    diplomate("0180", 2012)  # Stockholm


@pytest.mark.parametrize("url", [CSV, JSON, CSV + "?county=12", JSON + "?kind=city&q=lund"])
def test_the_export_is_built_once_and_then_served_without_a_query(
    client, register, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Length"] == str(len(first.content))
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_the_same_filters_in_another_order_are_the_same_export(client, register):
    one = client.get(CSV + "?county=12&kind=city")
    other = client.get(CSV + "?kind=city&county=12")
    assert one.content == other.content and one["ETag"] == other["ETag"]
    rows = one.content.decode().splitlines()
    assert len(rows) == 3 and "Stockholm" not in one.content.decode()  # header, Malmö, Lund


@pytest.mark.parametrize("url", [CSV, JSON])
def test_a_conditional_get_is_answered_304_without_a_rebuild(
    client, register, url, django_assert_num_queries
):
    first = client.get(url)
    with django_assert_num_queries(0):
        by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
        by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == first["ETag"]
    stale = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.content == first.content


@pytest.mark.parametrize("url", [CSV, JSON])
def test_a_client_that_takes_gzip_gets_the_stored_compressed_bytes(client, register, url):
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    compressed = client.get(url, headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert compressed["Content-Length"] == str(len(compressed.content))
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] != plain["ETag"]  # another representation, another tag
    again = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert again.content == compressed.content  # stored: the same bytes every time
    refused = client.get(url, headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused
    not_modified = client.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": compressed["ETag"]}
    )
    assert not_modified.status_code == 304


def test_a_change_builds_the_export_again(
    client, register, staff, django_capture_on_commit_callbacks
):
    first = client.get(JSON)
    assert json.loads(first.content)["count"] == 3
    lund = Diploma.objects.get(organisation__code="1281")
    with django_capture_on_commit_callbacks(execute=True):
        services.diploma_change_status(
            diploma=lund, to_status=Diploma.Status.WITHDRAWN, by=staff, reason="Lämnar nätverket"
        )
    second = client.get(JSON, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert json.loads(second.content)["count"] == 2
    assert second["ETag"] != first["ETag"]
    assert "Lund" not in client.get(CSV).content.decode()


def test_a_bad_filter_is_refused_every_time_and_not_stored(client, register):
    for _ in range(2):
        response = client.get(CSV + "?year=abc")
        assert response.status_code == 400
        assert "year" in json.loads(response.content)["errors"]


def same_export(one: bytes, other: bytes) -> bool:
    """The same rows: the JSON's "generated" is the second it was built, which a rebuild moves."""
    if not one.startswith(b"{"):
        return one == other
    one_body, other_body = json.loads(one), json.loads(other)
    return one_body.pop("generated") and other_body.pop("generated") and one_body == other_body


@pytest.mark.parametrize("url", [CSV, JSON + "?county=12"])
def test_a_download_is_answered_from_the_top_of_the_stack_with_the_same_headers(
    client, register, url
):
    first = Client().get(url)
    assert first["X-Page-Cache"] == "miss"
    again = Client().get(url)
    assert again["X-Page-Cache"] == "hit"  # the stored export, past the session and the view
    assert again.content == first.content
    names = {name.lower() for name in first.headers} - {"x-page-cache"}
    assert names <= {name.lower() for name in again.headers}
    for name in ("ETag", "Content-Type", "Vary", "Content-Language", "X-Frame-Options"):
        assert again[name] == first[name], name
    assert "Content-Security-Policy" in again
    # Gone from the shared cache and from this process: built again, not answered empty.
    from django.core.cache import caches

    from diplomas import open_data

    caches["pages"].clear()
    open_data._RECENT.clear()
    rebuilt = Client().get(url)
    assert rebuilt.status_code == 200
    assert same_export(rebuilt.content, first.content)
