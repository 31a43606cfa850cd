"""The public pages in the browser: Swedish first, English one click away."""

import pytest
from playwright.sync_api import expect

from .helpers import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_home_page_in_swedish_and_english(page, check_page):
    page.goto("/")
    check_page()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("a.skip-link")).to_have_text("Hoppa till huvudinnehållet")
    expect(page.locator("h1")).to_be_visible()

    follow(page, check_page, page.locator(".lang-switch a[hreflang='en']"))
    assert page.url.endswith("/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("a.skip-link")).to_have_text("Skip to main content")
    expect(page.locator(".lang-switch [aria-current]")).to_have_attribute("lang", "en")

    follow(page, check_page, page.locator(".lang-switch a[hreflang='sv']"))
    assert page.url.endswith("/") and "/en/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_the_skip_link_moves_the_focus_to_the_main_content(page, check_page):
    page.goto("/kontakt/")
    check_page()
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
