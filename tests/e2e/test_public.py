"""The public pages in the browser: Swedish first, English one click away."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import follow, main_submit, submit

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


def test_a_form_sent_after_its_token_is_gone_says_nothing_was_changed(page, check_page, page_audit):
    """Cookies cleared (or a page left open past the session): the CSRF check refuses the
    form, with a page of the portal's own, in the reader's language."""
    page_audit.expect_status(403)
    for path, heading, words in [
        ("/kontakt/", "Formuläret kunde inte skickas", "Ingenting ändrades."),
        ("/en/kontakt/", "The form could not be sent", "Nothing was changed."),
    ]:
        page.goto(path)
        check_page()
        page.get_by_label(re.compile("^(Ditt namn|Your name)")).fill("Kim")
        page.context.clear_cookies()
        submit(page, check_page, main_submit(page))
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("main")).to_contain_text(words)


def test_an_address_used_the_wrong_way_explains_itself(page, check_page, page_audit):
    """A link to an address that only takes a form (here: removing evidence) answers 405."""
    page_audit.expect_status(405)
    for prefix, heading in [
        ("", "Den här sidan kan inte användas så"),
        ("/en", "This page cannot be used that way"),
    ]:
        response = page.goto(prefix + "/organisationer/malmo/bilaga/1/ta-bort/")
        assert response is not None and response.status == 405
        check_page()
        expect(page.locator("h1")).to_have_text(heading)
