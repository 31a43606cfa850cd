"""Two-factor authentication with an authenticator app, and the admin login behind it."""

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_user

from .conftest import fresh_totp, totp
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


def wrong_code(secret: str) -> str:
    return f"{(int(totp(secret)) + 1) % 1_000_000:06d}"


def test_turning_on_two_factor_and_logging_in_with_a_code(page, check_page, db):
    user = make_user("tove@ort.example", "Tove Tvåfaktor")
    page.goto("/")
    check_page()
    log_in(page, check_page, "tove@ort.example", PASSWORD)

    follow(page, check_page, page.locator(".main-nav a[href$='/konto/']"))
    follow(page, check_page, page.locator(".side-nav a[href$='/accounts/2fa/']"))
    follow(page, check_page, page.locator("main a[href$='/accounts/2fa/totp/activate/']"))
    # Turning on two-factor asks for the password again, however recent the login.
    assert "/accounts/reauthenticate/" in page.url
    page.locator("#id_password").fill(PASSWORD)
    submit(page, check_page, main_submit(page))
    assert "/accounts/2fa/totp/activate/" in page.url
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    page.locator("#id_code").fill(fresh_totp(secret))
    submit(page, check_page, main_submit(page))

    # Recovery codes are made and shown at once.
    assert "/accounts/2fa/recovery-codes/" in page.url
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 8
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    log_out(page, check_page)
    log_in(page, check_page, "tove@ort.example", PASSWORD)
    assert "/accounts/2fa/authenticate/" in page.url
    expect(page.locator(".main-nav a[href$='/accounts/logout/']")).to_have_count(0)

    page.locator("#id_code").fill(wrong_code(secret))
    submit(page, check_page, main_submit(page))
    assert "/accounts/2fa/authenticate/" in page.url
    expect(expect_field_error(page, "id_code")).to_have_text("Felaktig kod.")
    expect(page.locator(".main-nav a[href$='/accounts/logout/']")).to_have_count(0)

    page.locator("#id_code").fill(fresh_totp(secret))
    submit(page, check_page, main_submit(page))
    expect_logged_in(page)


def test_staff_reach_the_admin_through_the_login_with_a_code(page, check_page, staff):
    page.goto("/admin/")
    check_page()
    assert "/accounts/login/" in page.url
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    submit(page, check_page, main_submit(page))
    assert "/accounts/2fa/authenticate/" in page.url
    secret = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data["secret"]
    page.locator("#id_code").fill(fresh_totp(secret))
    submit(page, check_page, main_submit(page), **ADMIN)
    assert page.url.endswith("/admin/")
    expect(page.locator("#site-name")).to_be_visible()

    follow(
        page,
        check_page,
        page.locator("#content-main a[href$='/admin/accounts/user/']").first,
        **ADMIN,
    )
    follow(page, check_page, page.locator("#result_list a[href*='/change/']").first, **ADMIN)
    expect(page.locator("#id_email")).to_be_visible()


# Checks on the admin's pages; see the explanation in conftest.ADMIN_EXCLUSIONS.
ADMIN: dict = {}
