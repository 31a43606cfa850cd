"""People see their sessions and end them; a new password or deactivation ends the others."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def browser(user, *, agent: str, ip: str) -> Client:
    """A browser that logs in through the login form, as a person does."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def logged_in(client: Client) -> bool:
    response = client.get(reverse("profile"))
    return response.status_code == 200


@pytest.fixture
def two_browsers(member):
    laptop = browser(member, agent=FIREFOX, ip="198.51.100.4")
    phone = browser(member, agent=SAFARI, ip="203.0.113.9")
    return laptop, phone


def test_the_sessions_page_lists_each_device_with_last_seen_and_place(two_browsers):
    laptop, _phone = two_browsers
    html = laptop.get(reverse("sessions")).content.decode()
    assert "Firefox på Windows" in html
    assert "Safari på iPhone" in html
    assert "198.51.100.4" in html and "203.0.113.9" in html
    assert "den här sessionen" in html
    assert "Avsluta alla andra sessioner" in html


def test_the_account_navigation_links_the_sessions(two_browsers):
    laptop, _phone = two_browsers
    html = laptop.get(reverse("profile")).content.decode()
    assert reverse("sessions") in html
    assert reverse("personal_data") in html


def test_a_person_ends_one_other_session(member, two_browsers):
    laptop, phone = two_browsers
    other = UserSession.objects.get(user=member, user_agent=SAFARI)
    response = laptop.post(reverse("sessions"), {"end": other.pk})
    assert response.status_code == 302
    assert not logged_in(phone)
    assert logged_in(laptop)
    assert not UserSession.objects.filter(pk=other.pk).exists()


def test_a_person_ends_all_other_sessions(member, two_browsers):
    laptop, phone = two_browsers
    third = browser(member, agent=FIREFOX, ip="192.0.2.1")
    laptop.post(reverse("sessions"), {"end": "others"})
    assert not logged_in(phone)
    assert not logged_in(third)
    assert logged_in(laptop)
    assert UserSession.objects.filter(user=member).count() == 1


def test_nobody_ends_another_persons_session(member, coordinator, two_browsers):
    _laptop, phone = two_browsers
    stranger = browser(coordinator, agent=FIREFOX, ip="192.0.2.7")
    victim = UserSession.objects.get(user=member, user_agent=SAFARI)
    stranger.post(reverse("sessions"), {"end": victim.pk})
    assert logged_in(phone)
    html = stranger.get(reverse("sessions")).content.decode()
    assert "203.0.113.9" not in html


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(member, two_browsers):
    laptop, phone = two_browsers
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert logged_in(laptop)
    assert not logged_in(phone)
    keys = set(UserSession.objects.filter(user=member).values_list("session_key", flat=True))
    assert keys == {laptop.session.session_key}


def test_staff_deactivating_a_person_ends_all_their_sessions(client, staff, member, two_browsers):
    laptop, phone = two_browsers
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    response = client.post(
        url,
        {
            "email": member.email,
            "name": member.name,
            "language": member.language,
            "is_active": "",
            "is_staff": "",
            "is_superuser": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert not member.is_active
    assert not UserSession.objects.filter(user=member).exists()
    assert not Session.objects.filter(
        session_key__in=[laptop.session.session_key, phone.session.session_key]
    ).exists()


def test_the_sessions_page_runs_the_same_queries_with_two_and_six_sessions(member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    laptop = browser(member, agent=FIREFOX, ip="198.51.100.4")
    browser(member, agent=SAFARI, ip="203.0.113.9")
    laptop.get(reverse("sessions"))
    with CaptureQueriesContext(connection) as few:
        laptop.get(reverse("sessions"))
    for index in range(4):
        browser(member, agent=SAFARI, ip=f"203.0.113.{20 + index}")
    with CaptureQueriesContext(connection) as many:
        html = laptop.get(reverse("sessions")).content.decode()
    assert html.count("Avsluta sessionen") == 5
    assert len(many.captured_queries) == len(few.captured_queries)
