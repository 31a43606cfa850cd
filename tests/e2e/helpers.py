"""Steps the browser journeys share. Every step that loads a page checks it with axe."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect


def submit(page: Page, check_page: Callable[..., None], button: Locator, **check) -> None:
    """Press a form's submit button, wait for the page it leads to, and check that page."""
    with page.expect_navigation():
        button.click()
    check_page(**check)


def follow(page: Page, check_page: Callable[..., None], link: Locator, **check) -> None:
    """Click a link, wait for the page, and check it."""
    with page.expect_navigation():
        link.click()
    check_page(**check)


def main_submit(page: Page) -> Locator:
    """The submit button of the page's main form (not one tied to another form by form=…)."""
    return page.locator("main form button[type=submit]:not([form])").first


def log_in(page: Page, check_page: Callable[..., None], email: str, password: str) -> None:
    """From any page: follow "Log in" in the menu, give email and password, and submit."""
    follow(page, check_page, page.locator(".main-nav a[href*='/accounts/login/']"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    submit(page, check_page, main_submit(page))


def log_out(page: Page, check_page: Callable[..., None]) -> None:
    """Follow "Log out" in the menu and confirm on the page it leads to."""
    follow(page, check_page, page.locator(".main-nav a[href$='/accounts/logout/']"))
    submit(page, check_page, main_submit(page))
    expect(page.locator(".main-nav a[href*='/accounts/login/']")).to_be_visible()


def expect_logged_in(page: Page) -> None:
    expect(page.locator(".main-nav a[href$='/accounts/logout/']")).to_be_visible()
    expect(page.locator(".main-nav a[href*='/accounts/login/']")).to_have_count(0)


def expect_field_error(page: Page, field_id: str) -> Locator:
    """The field is marked invalid and its error message is linked to it; returns the message."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    described_by = (field.get_attribute("aria-describedby") or "").split()
    assert f"{field_id}_error" in described_by, described_by
    message = page.locator(f"#{field_id}_error")
    expect(message).to_be_visible()
    return message
