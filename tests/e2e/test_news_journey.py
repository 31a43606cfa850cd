"""An anonymous visitor reads the public news, finds the feed and subscribes to it."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network.models import NewsItem

from .helpers import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def news(slug: str, title: str, *, days_ago: int, members: bool = False) -> None:
    NewsItem.objects.create(
        slug=slug,
        title_sv=title,
        summary_sv=f"Sammanfattning av {title.lower()}.",
        body_sv=f"## Mer om det\n\nText om {title.lower()}.",
        audience=NewsItem.Audience.MEMBERS if members else NewsItem.Audience.PUBLIC,
        published_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_an_anonymous_visitor_reads_the_news_and_subscribes(page, check_page, live_server):
    news("fika", "Fairtrade-fika i hela landet", days_ago=2)
    news("kaffe", "Ställ krav när ni köper kaffe", days_ago=1)
    news("intern", "Nätverksträff för medlemmar", days_ago=1, members=True)

    page.goto("/")
    check_page()
    latest = page.locator("section.latest-news")
    expect(latest.get_by_role("link", name="Ställ krav när ni köper kaffe")).to_be_visible()
    expect(page.get_by_text("Nätverksträff för medlemmar")).to_have_count(0)

    follow(page, check_page, latest.get_by_role("link", name="Alla nyheter"))
    expect(page.locator("h1")).to_have_text("Nyheter")
    follow(page, check_page, page.get_by_role("link", name="Fairtrade-fika i hela landet"))
    expect(page.locator("h1")).to_have_text("Fairtrade-fika i hela landet")
    expect(page.locator("article h2")).to_have_text("Mer om det")

    # The feed a reader finds from any page: <link rel="alternate">.
    href = page.locator('link[rel="alternate"][type="application/rss+xml"]').get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.ok
    parsed = feedparser.parse(response.body())
    assert parsed.bozo == 0 and parsed.version == "rss20"
    assert [e.title for e in parsed.entries] == [
        "Ställ krav när ni köper kaffe",
        "Fairtrade-fika i hela landet",
    ]
    atom = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    parsed = feedparser.parse(page.request.get(live_server.url + atom).body())
    assert parsed.bozo == 0 and parsed.version == "atom10"


def test_the_intranet_menu_fits_a_phone(page, check_page, live_server, network, member):
    from tests.conftest import PASSWORD

    from .helpers import log_in

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    check_page()
    log_in(page, check_page, member.email, PASSWORD)
    menu = page.locator(".intranet-menu")
    expect(menu.get_by_role("link", name="Nyheter")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    follow(page, check_page, menu.get_by_role("link", name="Nyheter"))
    expect(menu.locator('a[aria-current="page"]')).to_have_text("Nyheter")
