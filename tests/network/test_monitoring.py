"""Monitoring: staff's links for the network, and feeds imported as drafts. Feeds are outside
input: the tests give the importer local bytes (the fetch is the network edge) or a local
HTTP server, never the internet."""

from __future__ import annotations

import http.server
import threading

import pytest

from network.models import MonitoringFeed, MonitoringItem, Theme
from network.services import monitoring
from tests.conftest import log_in_counted

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Swedwatch <b>nyheter</b></title>
<link>https://swedwatch.example/</link><description>x</description>
<item><title>Kakao &amp; barnarbete</title><link>https://swedwatch.example/kakao</link>
<guid>kakao-1</guid>
<description>&lt;script&gt;alert(1)&lt;/script&gt;Ny &lt;b&gt;rapport&lt;/b&gt;</description>
<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>
<item><title>Textil</title><link>https://swedwatch.example/textil</link></item>
<item><title>Farlig</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Upphandling</title><id>urn:x</id>
<updated>2026-03-01T00:00:00Z</updated>
<entry><title type="html">&lt;img src=x onerror=alert(1)&gt;Ny v\xc3\xa4gledning</title>
<id>urn:entry:1</id><link href="https://upphandling.example/vagledning"/>
<updated>2026-03-01T00:00:00Z</updated><summary>Om krav</summary></entry>
</feed>"""


@pytest.fixture
def feed(db):
    return MonitoringFeed.objects.create(
        name="Swedwatch", url="https://swedwatch.example/feed.xml", theme=Theme.HUMAN_RIGHTS
    )


def serve(monkeypatch, body: bytes) -> None:
    monkeypatch.setattr(monitoring, "fetch_feed", lambda url: body)


def test_a_feed_is_imported_as_drafts_without_html_and_never_twice(monkeypatch, feed):
    serve(monkeypatch, RSS)
    assert monitoring.monitoring_import_all() == 2
    kakao = MonitoringItem.objects.get(guid="kakao-1")
    assert kakao.status == MonitoringItem.Status.DRAFT
    assert kakao.title == "Kakao & barnarbete"
    assert kakao.comment == "Ny rapport"
    assert kakao.source == "Swedwatch nyheter"
    assert kakao.theme == Theme.HUMAN_RIGHTS
    assert str(kakao.published_on) == "2026-03-02"
    assert not MonitoringItem.objects.filter(url__startswith="javascript").exists()
    assert monitoring.monitoring_import_all() == 0
    assert MonitoringItem.objects.count() == 2
    feed.refresh_from_db()
    assert feed.last_fetched_at and not feed.last_error


def test_an_atom_feed_is_imported_and_an_item_staff_added_is_not_duplicated(monkeypatch, feed):
    MonitoringItem.objects.create(
        title="Vägledning", url="https://upphandling.example/vagledning", theme=Theme.PROCUREMENT
    )
    serve(monkeypatch, ATOM)
    assert monitoring.monitoring_import_all() == 0
    MonitoringItem.objects.all().delete()
    assert monitoring.monitoring_import_all() == 1
    assert MonitoringItem.objects.get().title == "Ny vägledning"


@pytest.mark.parametrize(
    "body",
    [
        b"<rss><channel><item><title>Trasig",  # invalid XML
        b"not a feed at all",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;&a;</x>",
    ],
)
def test_a_broken_feed_is_recorded_and_skipped_and_the_next_feed_is_fetched(
    monkeypatch, feed, body
):
    good = MonitoringFeed.objects.create(
        name="Bra", url="https://good.example/feed.xml", theme=Theme.PROCUREMENT
    )
    monkeypatch.setattr(monitoring, "fetch_feed", lambda url: RSS if url == good.url else body)
    assert monitoring.monitoring_import_all() == 2
    feed.refresh_from_db()
    assert feed.last_error
    assert not MonitoringItem.objects.filter(feed=feed).exists()


def test_an_unexpected_error_in_one_feed_is_recorded(monkeypatch, feed):
    def explode(url):
        raise RuntimeError("boom")

    monkeypatch.setattr(monitoring, "fetch_feed", explode)
    assert monitoring.monitoring_import_all() == 0
    feed.refresh_from_db()
    assert "boom" in feed.last_error


def test_inactive_feeds_are_not_fetched(monkeypatch, feed):
    feed.active = False
    feed.save()
    serve(monkeypatch, RSS)
    assert monitoring.monitoring_import_all() == 0


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/feed", "http://127.0.0.1/feed", "http://10.0.0.1/"],
)
def test_the_fetch_refuses_other_schemes_and_private_addresses(url):
    with pytest.raises(monitoring.FeedError):
        monitoring.fetch_feed(url)


@pytest.fixture
def local_server():
    bodies = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = bodies[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", bodies
    server.shutdown()


def test_the_fetch_reads_a_feed_and_refuses_one_that_is_too_large(local_server):
    base, bodies = local_server
    bodies["/ok.xml"] = RSS
    bodies["/huge.xml"] = b"<rss>" + b"a" * (monitoring.MAX_FEED_BYTES + 10)
    assert monitoring.fetch_feed(f"{base}/ok.xml", allow_private=True) == RSS
    with pytest.raises(monitoring.FeedError):
        monitoring.fetch_feed(f"{base}/huge.xml", allow_private=True)


def test_members_see_published_items_only_filtered_by_theme(client, network, member, outsider):
    MonitoringItem.objects.create(
        title="Publicerad", url="https://a.example/1", theme=Theme.PROCUREMENT
    )
    MonitoringItem.objects.create(
        title="Om mänskliga rättigheter", url="https://a.example/3", theme=Theme.HUMAN_RIGHTS
    )
    MonitoringItem.objects.create(
        title="<script>Utkast</script>",
        url="https://a.example/2",
        theme=Theme.PROCUREMENT,
        status=MonitoringItem.Status.DRAFT,
    )
    assert client.get("/omvarld/").status_code == 302
    client.force_login(outsider)
    assert client.get("/omvarld/").status_code == 403
    client.force_login(member)
    page = client.get("/omvarld/").text
    assert "Publicerad" in page and "Om mänskliga rättigheter" in page
    assert "Utkast" not in page
    filtered = client.get("/omvarld/?theme=procurement").text
    assert "Publicerad" in filtered and "Om mänskliga rättigheter" not in filtered
    assert client.get("/omvarld/?theme=nonsense&page=x").status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_the_list_runs_the_same_queries_with_5_and_200_items(
    client, network, member, count, django_assert_num_queries
):
    MonitoringItem.objects.bulk_create(
        MonitoringItem(title=f"Länk {n}", url=f"https://a.example/{n}", theme=Theme.PROCUREMENT)
        for n in range(count)
    )
    log_in_counted(client, member)
    with django_assert_num_queries(5):
        assert client.get("/omvarld/").status_code == 200


def test_a_feed_address_with_a_bad_port_is_recorded_not_a_crash(feed):
    feed.url = "http://example.org:99999999/feed"
    feed.save()
    assert monitoring.monitoring_import_all() == 0
    feed.refresh_from_db()
    assert feed.last_error
