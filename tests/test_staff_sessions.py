"""Staff sessions end after 30 minutes without activity and 12 hours at most (ASVS 7.3)."""

from __future__ import annotations

import pytest

from accounts import middleware

MINUTE = 60


class Clock:
    def __init__(self, monkeypatch):
        self.now = 1_800_000_000.0
        monkeypatch.setattr(middleware.time, "time", lambda: self.now)

    def advance(self, minutes: float) -> None:
        self.now += minutes * MINUTE


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_a_staff_session_ends_after_half_an_hour_without_activity(client, staff, clock):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    clock.advance(29)
    assert client.get("/admin/").status_code == 200  # activity keeps it open
    clock.advance(31)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still logged out


def test_a_staff_session_ends_after_twelve_hours_however_active(client, staff, clock):
    client.force_login(staff)
    for _ in range(12 * 3):  # every 20 minutes for 12 hours
        assert client.get("/admin/").status_code == 200
        clock.advance(20)
    clock.advance(1)  # 12 hours and a minute after the first page
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_staff_cookie_lasts_no_longer_than_the_idle_limit(client, staff, settings):
    client.force_login(staff)
    client.get("/admin/")
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS


def test_a_coordinators_session_is_not_cut_short(client, coordinator, malmo, clock):
    client.force_login(coordinator)
    assert client.get(f"/organisationer/{malmo.slug}/").status_code == 200
    clock.advance(60)
    assert client.get(f"/organisationer/{malmo.slug}/").status_code == 200
