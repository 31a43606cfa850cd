"""Signing up, confirming the email address, logging in and out – in the browser."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import PASSWORD, make_user

from .helpers import (
    expect_field_error,
    expect_logged_in,
    follow,
    log_in,
    log_out,
    main_submit,
    submit,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "lingonberry-tractor-umbrella-42"


def test_signing_up_confirming_the_address_and_ending_up_logged_in(
    page, check_page, mailoutbox, settings
):
    page.goto("/")
    check_page()
    # The emailed link is built on SITE_URL (never the request's host): here, the live server.
    settings.SITE_URL = page.url.rstrip("/")
    follow(page, check_page, page.locator(".main-nav a[href*='/accounts/login/']"))
    follow(page, check_page, page.locator("main a[href*='/accounts/signup/']"))

    # Passwords that do not match are refused, with the message next to the field.
    page.locator("#id_email").fill("kim@ort.example")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD + "x")
    submit(page, check_page, main_submit(page))
    expect_field_error(page, "id_password2")
    assert not User.objects.filter(email="kim@ort.example").exists()

    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    submit(page, check_page, main_submit(page))
    assert "/accounts/confirm-email/" in page.url

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["kim@ort.example"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert link, message.body
    assert link.group(0).startswith(settings.SITE_URL + "/"), "link to another host"

    page.goto(link.group(0))
    check_page()
    submit(page, check_page, main_submit(page))
    expect_logged_in(page)
    assert EmailAddress.objects.get(email="kim@ort.example").verified


def test_logging_in_with_email_and_password_and_logging_out(page, check_page, db):
    make_user("lena@ort.example", "Lena Lokal")
    page.goto("/")
    check_page()

    # A wrong password is refused with a message, and nobody is logged in.
    follow(page, check_page, page.locator(".main-nav a[href*='/accounts/login/']"))
    page.locator("#id_login").fill("lena@ort.example")
    page.locator("#id_password").fill("not-the-password")
    submit(page, check_page, main_submit(page))
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator(".main-nav a[href$='/accounts/logout/']")).to_have_count(0)

    log_in(page, check_page, "lena@ort.example", PASSWORD)
    expect_logged_in(page)
    follow(page, check_page, page.locator(".main-nav a[href$='/konto/']"))
    expect(page.locator("main")).to_contain_text("lena@ort.example")

    log_out(page, check_page)
    page.goto("/konto/")
    check_page()
    assert "/accounts/login/" in page.url, "the account page must ask for a login again"
