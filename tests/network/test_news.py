"""News: the list and item pages, who sees what, the feeds, the personal feed, the home page and
"new since your last visit"."""

from __future__ import annotations

import datetime as dt
import io
import re

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from network.forms import NewsItemForm
from network.models import LastVisit, NewsItem, PersonalFeed
from network.services.visits import VISIT_GAP, visit_record

pytestmark = pytest.mark.django_db

NEWS = "/nyheter/"


def make_news(slug: str, *, days_ago: float = 1, members: bool = False, **extra) -> NewsItem:
    return NewsItem.objects.create(
        slug=slug,
        title_sv=extra.pop("title_sv", f"Nyhet {slug}"),
        summary_sv=extra.pop("summary_sv", f"Sammanfattning {slug}"),
        body_sv=extra.pop("body_sv", f"Text om {slug}."),
        audience=NewsItem.Audience.MEMBERS if members else NewsItem.Audience.PUBLIC,
        published_at=timezone.now() - dt.timedelta(days=days_ago),
        **extra,
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 98, 111)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- the list and the item's page --------------------------------------------------------------


def test_the_list_shows_published_public_news_newest_first(client):
    make_news("old", days_ago=5, title_sv="Gammal nyhet")
    make_news("new", days_ago=1, title_sv="Ny nyhet")
    html = client.get(NEWS).text
    assert html.index("Ny nyhet") < html.index("Gammal nyhet")
    assert "Sammanfattning new" in html


def test_an_item_in_the_future_appears_only_at_its_time(client):
    item = make_news("later", days_ago=-1, title_sv="Kommer snart")
    assert "Kommer snart" not in client.get(NEWS).text
    assert client.get(f"{NEWS}later/").status_code == 404
    item.published_at = timezone.now() - dt.timedelta(minutes=1)
    item.save()
    assert "Kommer snart" in client.get(NEWS).text
    assert client.get(f"{NEWS}later/").status_code == 200


def test_the_list_paginates_with_a_labelled_navigation(client):
    for index in range(25):
        make_news(f"n{index}", days_ago=index + 1)
    first = client.get(NEWS).text
    assert '<nav class="pagination" aria-label="Sidor">' in first
    assert "Sida 1 av 3" in first and 'rel="next"' in first
    third = client.get(NEWS, {"page": 3}).text
    assert third.count('class="news-summary"') == 5
    assert "Sida 3 av 3" in third
    assert client.get(NEWS, {"page": "abc"}).status_code == 200


def test_an_item_page_shows_the_text_as_sanitised_html(client):
    make_news("x", body_sv="## Rubrik\n\nHej <script>alert(1)</script> **fet**")
    html = client.get(f"{NEWS}x/").text
    assert "<strong>fet</strong>" in html
    assert "<script>alert" not in html
    assert "Rubrik</h2>" in html


def test_members_only_news_is_hidden_from_the_anonymous_and_outsiders(
    client, network, outsider, member
):
    make_news("open", title_sv="Öppen nyhet")
    make_news("secret", members=True, title_sv="Hemlig nyhet")
    assert "Hemlig nyhet" not in client.get(NEWS).text
    response = client.get(f"{NEWS}secret/")
    assert response.status_code == 302 and "/accounts/login/" in response.url

    client.force_login(outsider)
    assert "Hemlig nyhet" not in client.get(NEWS).text
    refused = client.get(f"{NEWS}secret/")
    assert refused.status_code == 403
    assert "Så får du tillgång" in refused.text
    assert client.get(f"{NEWS}open/").status_code == 200

    client.force_login(member)
    html = client.get(NEWS).text
    assert "Hemlig nyhet" in html and "För medlemmar" in html
    assert client.get(f"{NEWS}secret/").status_code == 200


def test_english_falls_back_to_swedish_marked_as_such(client):
    make_news("sv-only", title_sv="Bara svenska", body_sv="Svensk text.")
    make_news(
        "both",
        title_sv="Båda",
        title_en="Both languages",
        summary_en="In English.",
        body_en="English text.",
    )
    html = client.get(f"/en{NEWS}sv-only/").text
    assert '<article class="news-item" lang="sv">' in html
    assert "shown in Swedish" in html
    assert "Svensk text." in html
    english = client.get(f"/en{NEWS}both/").text
    assert "English text." in english and 'lang="sv"' not in english.split("<main")[1]
    listing = client.get(f"/en{NEWS}").text
    assert "Both languages" in listing and "(in Swedish)" not in listing
    assert "in Swedish" in listing  # the Swedish-only item is marked


# --- the admin's form ----------------------------------------------------------------------------


def form_data(**extra) -> dict:
    data = {
        "title_sv": "Med bild",
        "slug": "med-bild",
        "summary_sv": "Kort.",
        "body_sv": "Text.",
        "audience": "public",
        "published_at": timezone.now().strftime("%Y-%m-%d %H:%M:%S"),
    }
    data.update(extra)
    return data


def test_an_image_needs_a_description():
    upload = SimpleUploadedFile("bild.png", png_bytes(), content_type="image/png")
    form = NewsItemForm(data=form_data(), files={"image": upload})
    assert not form.is_valid()
    assert "image_alt_sv" in form.errors
    assert not NewsItem.objects.exists()

    upload = SimpleUploadedFile("bild.png", png_bytes(), content_type="image/png")
    form = NewsItemForm(data=form_data(image_alt_sv="En blå ruta."), files={"image": upload})
    assert form.is_valid(), form.errors
    item = form.save()
    assert item.image.name.startswith("news/bild-")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.png", b"<html><script>alert(1)</script></html>"),
        ("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
        ("bild.pdf", b"%PDF-1.4 not an image"),
        ("bild.png", b"\x89PNG\r\n\x1a\n but not really"),
    ],
)
def test_only_real_images_are_accepted(name, content):
    upload = SimpleUploadedFile(name, content)
    form = NewsItemForm(data=form_data(image_alt_sv="Något."), files={"image": upload})
    assert not form.is_valid()
    assert "image" in form.errors


def test_the_admin_refuses_an_image_without_a_description(client, staff):
    client.force_login(staff)
    upload = SimpleUploadedFile("bild.png", png_bytes(), content_type="image/png")
    response = client.post(
        reverse("admin:network_newsitem_add"),
        {**form_data(published_at_0="2026-01-01", published_at_1="10:00"), "image": upload},
    )
    assert response.status_code == 200
    assert "Beskriv bilden" in response.text
    assert not NewsItem.objects.exists()


# --- the feeds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "version"), [("rss/", "rss20"), ("atom/", "atom10")])
def test_the_public_feeds_validate_and_carry_only_public_published_news(client, path, version):
    make_news("open", title_sv="Öppen nyhet", summary_sv="Om rättvis handel & kaffe")
    make_news("secret", members=True, title_sv="Hemlig nyhet")
    make_news("later", days_ago=-2, title_sv="Framtida nyhet")
    response = client.get(NEWS + path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == version
    assert [e.title for e in parsed.entries] == ["Öppen nyhet"]
    (entry,) = parsed.entries
    assert entry.link == "http://127.0.0.1:8000/nyheter/open/"
    assert entry.summary == "Om rättvis handel & kaffe"
    assert entry.published_parsed is not None


def test_every_page_links_the_feeds(client):
    html = client.get("/kontakt/").text
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/nyheter/rss/"' in html and 'href="/nyheter/atom/"' in html


def personal_feed_url(client) -> str:
    html = client.get(reverse("profile")).text
    start = html.index('id="personal-feed-url"')
    value = html[start:].split('value="', 1)[1].split('"', 1)[0]
    return value.replace("http://127.0.0.1:8000", "")


def test_a_members_personal_feed_carries_members_only_news(client, network, member):
    make_news("open", title_sv="Öppen nyhet", days_ago=2)
    make_news("secret", members=True, title_sv="Hemlig nyhet")
    client.force_login(member)
    response = client.post(reverse("network:news_feed_renew"))
    assert response.status_code == 302
    url = personal_feed_url(client)
    client.logout()  # a feed reader has no session
    feed = client.get(url)
    assert "no-store" in feed["Cache-Control"]
    parsed = feedparser.parse(feed.content)
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == ["Hemlig nyhet", "Öppen nyhet"]


def test_renewing_the_personal_feed_invalidates_the_old_address(client, network, member):
    make_news("secret", members=True)
    client.force_login(member)
    client.post(reverse("network:news_feed_renew"))
    old = personal_feed_url(client)
    client.post(reverse("network:news_feed_renew"))
    new = personal_feed_url(client)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert PersonalFeed.objects.count() == 1


def test_a_guessed_token_answers_404(client, network, member):
    client.force_login(member)
    client.post(reverse("network:news_feed_renew"))
    feed = PersonalFeed.objects.get()
    guessed = reverse("network:news_personal", args=[feed.key + "x" * 43])
    assert client.get(guessed).status_code == 404
    assert client.get(reverse("network:news_personal", args=["short"])).status_code == 404


def test_renewing_takes_a_post(client, member):
    client.force_login(member)
    assert client.get(reverse("network:news_feed_renew")).status_code == 405
    assert not PersonalFeed.objects.exists()


def test_an_outsiders_personal_feed_shows_no_members_only_news(client, network, member, malmo):
    make_news("open", title_sv="Öppen nyhet", days_ago=2)
    make_news("secret", members=True, title_sv="Hemlig nyhet")
    client.force_login(member)
    client.post(reverse("network:news_feed_renew"))
    url = personal_feed_url(client)
    # Malmö leaves the network: the same address keeps working, without members-only news.
    malmo.diploma.status = "withdrawn"
    malmo.diploma.save()
    client.logout()
    parsed = feedparser.parse(client.get(url).content)
    assert [e.title for e in parsed.entries] == ["Öppen nyhet"]


# --- the home page -------------------------------------------------------------------------------


def test_the_home_page_shows_the_three_latest_public_news(client):
    for index in range(5):
        make_news(f"n{index}", days_ago=index + 1, title_sv=f"Nyhet nummer {index}")
    make_news("secret", members=True, title_sv="Hemlig nyhet", days_ago=0.1)
    make_news("later", days_ago=-1, title_sv="Framtida nyhet")
    html = client.get("/").text
    for index in range(3):
        assert f"Nyhet nummer {index}" in html
    assert "Nyhet nummer 3" not in html
    assert "Hemlig nyhet" not in html and "Framtida nyhet" not in html


def test_a_member_sees_what_is_new_since_the_last_visit(client, network, member):
    old_visit = timezone.now() - dt.timedelta(days=3)
    LastVisit.objects.create(user=member, seen_at=old_visit, since=old_visit)
    make_news("before", days_ago=5, title_sv="Före besöket")
    make_news("after", days_ago=1, members=True, title_sv="Efter besöket")
    client.force_login(member)
    html = client.get("/").text
    block = html.split('id="whats-new-title"', 1)[1].split("</section>", 2)[0]
    assert "Efter besöket" in block and "Före besöket" not in block
    assert "1 ny" in block
    # The page that shows it does not empty it, nor does the next one.
    assert "Efter besöket" in client.get("/").text.split('id="whats-new-title"', 1)[1]


def test_new_resources_and_good_examples_of_others_are_in_the_block_too(
    client, network, member, malmo, lund, other_coordinator
):
    from network.models import GoodExample, Resource
    from tests.network.test_good_examples import make_example
    from tests.network.test_resources import make

    old_visit = timezone.now() - dt.timedelta(days=3)
    LastVisit.objects.create(user=member, seen_at=old_visit, since=old_visit)
    make("Mall för politiskt beslut", organisation=lund)
    make("Dold mall", organisation=lund, hidden=True)
    make("Gammal mall", organisation=lund)
    Resource.objects.filter(title="Gammal mall").update(created_at=old_visit - dt.timedelta(days=1))
    make_example(lund, other_coordinator, title="Lunds fikastund")
    make_example(malmo, None, title="Malmös eget exempel")
    make_example(lund, other_coordinator, status=GoodExample.Status.SUBMITTED, title="Väntar")
    client.force_login(member)
    html = client.get("/").text
    block = html.split('id="whats-new-title"', 1)[1].split('<div class="cards">', 1)[1]
    block = block.split("\n  </div>", 1)[0]  # every card, up to the end of the cards
    assert "Mall för politiskt beslut" in block and "Lunds fikastund" in block
    for hidden in ("Dold mall", "Gammal mall", "Malmös eget exempel", "Väntar"):
        assert hidden not in block


def test_the_anonymous_and_outsiders_get_no_whats_new_block(client, outsider):
    assert "Nytt sedan ditt senaste besök" not in client.get("/").text
    client.force_login(outsider)
    assert "Nytt sedan ditt senaste besök" not in client.get("/").text


def test_a_new_visit_starts_after_a_pause(member):
    start = timezone.now() - dt.timedelta(days=2)
    first = visit_record(user=member, now=start)
    assert first.since < start
    same = visit_record(user=member, now=start + dt.timedelta(minutes=30))
    assert same.since == first.since
    later = start + dt.timedelta(minutes=30) + VISIT_GAP + dt.timedelta(minutes=1)
    new = visit_record(user=member, now=later)
    assert new.since == start + dt.timedelta(minutes=30)


def test_the_last_visit_is_written_at_most_every_few_minutes(client, network, member):
    client.force_login(member)
    client.get("/kontakt/")
    seen = LastVisit.objects.get(user=member).seen_at
    client.get("/kontakt/")
    assert LastVisit.objects.get(user=member).seen_at == seen


# --- the intranet menu ---------------------------------------------------------------------------


def test_members_get_the_intranet_menu(client, network, member, outsider):
    assert "intranet-menu" not in client.get("/").text
    client.force_login(outsider)
    assert "intranet-menu" not in client.get("/").text
    client.force_login(member)
    html = client.get(NEWS).text
    menu = html.split('class="intranet-menu"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/nyheter/" aria-current="page"' in menu
    assert 'href="/en/nyheter/" aria-current="page"' in client.get(f"/en{NEWS}").text


def test_the_menu_leads_a_member_to_every_page_of_the_intranet(client, network, member):
    client.force_login(member)
    for prefix in ("", "/en"):
        html = client.get(f"{prefix}/").text
        menu = html.split('class="intranet-menu"', 1)[1].split("</nav>", 1)[0]
        paths = re.findall(r'href="([^"]+)"', menu)
        assert [p.removeprefix(prefix) for p in paths] == [
            "/nyheter/",
            "/evenemang/",
            "/resurser/",
            "/goda-exempel/",
            "/diskussion/",
            "/omvarld/",
            "/katalog/",
            "/grupper/",
        ]
        for path in paths:
            assert client.get(path).status_code == 200, path


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 200])
def test_the_list_runs_the_same_queries_with_5_and_200_items(
    client, count, django_assert_num_queries
):
    for index in range(count):
        make_news(f"n{index}", days_ago=index + 1)
    with django_assert_num_queries(2):  # count and page
        assert client.get(NEWS).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize("path", ["rss/", "atom/"])
def test_the_feeds_run_the_same_queries_with_5_and_200_items(
    client, count, path, django_assert_num_queries
):
    for index in range(count):
        make_news(f"n{index}", days_ago=index + 1)
    with django_assert_num_queries(1):
        assert client.get(NEWS + path).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_the_personal_feed_runs_the_same_queries_with_5_and_200_items(
    client, network, member, count, django_assert_num_queries
):
    for index in range(count):
        make_news(f"n{index}", days_ago=index + 1, members=index % 2 == 0)
    feed = PersonalFeed.objects.create(
        user=member, key=PersonalFeed.new_key(), secret=PersonalFeed.new_secret()
    )
    with django_assert_num_queries(3):  # the feed and person, membership, items
        assert client.get(reverse("network:news_personal", args=[feed.token])).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_the_home_page_runs_the_same_queries_with_5_and_200_items(
    client, count, django_assert_num_queries
):
    for index in range(count):
        make_news(f"n{index}", days_ago=index + 1)
    with django_assert_num_queries(2):  # the news, the upcoming public events
        assert client.get("/").status_code == 200


def test_the_personal_data_export_says_when_the_person_was_last_seen(client, network, member):
    from network.personal_data import export_news

    assert export_news(member).data == {"last_visit": None, "personal_feed_created_at": None}
    client.force_login(member)
    client.post(reverse("network:news_feed_renew"))
    client.get("/")
    data = export_news(member).data
    assert data["last_visit"]["seen_at"] and data["personal_feed_created_at"]
    assert PersonalFeed.objects.get().secret not in str(data)


def test_the_news_pages_are_valid_html(client, network, member, staff):
    """The crawl starts from an empty database; here the pages are checked with news in them."""
    from tests.pagecheck import run_vnu

    make_news("open", title_sv="Öppen", days_ago=2)
    make_news("secret", members=True, title_sv="Hemlig")
    item = make_news("with-image", title_sv="Med bild", image_alt_sv="En blå ruta.")
    item.image.save("bild.png", SimpleUploadedFile("bild.png", png_bytes()))
    for index in range(12):
        make_news(f"n{index}", days_ago=index + 3)
    pages = {}
    for path in (NEWS, f"{NEWS}?page=2", f"{NEWS}with-image/", f"/en{NEWS}open/", "/"):
        pages[f"{path} (anonymous)"] = client.get(path).text
    client.force_login(member)
    client.post(reverse("network:news_feed_renew"))
    for path in (NEWS, f"{NEWS}secret/", "/", "/konto/"):
        pages[f"{path} (member)"] = client.get(path).text
    client.force_login(staff)
    pages["news admin"] = client.get(reverse("admin:network_newsitem_add")).text
    errors = run_vnu(pages)
    assert not errors, "\n".join(f"{e.source}: {e.message} [{e.extract}]" for e in errors)
