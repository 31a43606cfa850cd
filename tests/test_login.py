"""Logging in under attack: brute force from one client is slowed, the owner still gets in."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"


@pytest.fixture
def throttled(settings):
    """allauth's rate limits as in production (the suite turns them off elsewhere)."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}


@pytest.fixture
def owner(db):
    # A fresh address each run: the rate-limit counters live in the shared cache.
    return make_user(f"agare-{uuid.uuid4().hex[:8]}@kommun.example", "Ägare")


def login(client, email, password, ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_five_wrong_passwords_slow_that_client_but_not_the_owner(client, throttled, owner):
    for _ in range(5):
        assert login(client, owner.email, "wrong-password", ATTACKER).status_code == 200
    refused = login(client, owner.email, PASSWORD, ATTACKER)
    assert refused.status_code == 200  # even the right password: this client is slowed
    assert "_auth_user_id" not in client.session

    client.cookies.clear()
    response = login(client, owner.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == owner.pk


def test_the_owner_can_log_in_with_an_emailed_code(client, throttled, owner):
    for _ in range(5):
        login(client, owner.email, "wrong-password", ATTACKER)
    client.cookies.clear()
    page = client.get(reverse("account_login"))
    assert reverse("account_request_login_code") in page.content.decode()
    response = client.post(
        reverse("account_request_login_code"), {"email": owner.email}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [owner.email]
    code = re.search(r"^([A-Z0-9-]{6,9})$", message.body, re.MULTILINE).group(1)
    confirmed = client.post(
        reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=ATTACKER
    )
    assert confirmed.status_code == 302
    assert int(client.session["_auth_user_id"]) == owner.pk


@pytest.mark.django_db
def test_the_links_in_allauths_emails_point_at_the_portal_not_the_requests_host(
    client, settings, owner
):
    """A password reset asked for through another host name (a forged Host header that
    ALLOWED_HOSTS lets through, or an internal name) still mails a link to SITE_URL."""
    settings.SITE_URL = "https://portal.example"
    settings.ALLOWED_HOSTS = ["internal.example", "testserver"]
    response = client.post(
        reverse("account_reset_password"), {"email": owner.email}, HTTP_HOST="internal.example"
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    links = re.findall(r"https?://[^\s\"<]+", message.body)
    assert links and all(link.startswith("https://portal.example/") for link in links), links
    assert "internal.example" not in message.body
