"""The admin's widgets name every input and render valid HTML (fairtrade_portal/admin_widgets.py);
the pages declare the portal's icon. tests/e2e/test_admin_pages.py runs axe on every admin page,
tests/test_crawl.py the HTML checker; these say the same quickly, one widget at a time."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from diplomas.models import Invitation
from network.models import HandbookChapter

pytestmark = pytest.mark.django_db


def test_the_handbook_lists_published_box_is_named_by_its_column_and_chapter(client, staff):
    HandbookChapter.objects.create(number=97, slug="inkop-97", title_sv="Inköp", body_sv="Text.")
    client.force_login(staff)
    html = client.get("/admin/network/handbookchapter/").content.decode()
    boxes = re.findall(r'<input type="checkbox" name="form-\d+-published"[^>]*>', html)
    assert boxes and all("aria-label=" in box for box in boxes)
    assert any('aria-label="Publicerad: 97. Inköp"' in box for box in boxes), boxes


def test_the_invitations_date_and_time_inputs_are_both_named(client, staff, malmo, coordinator):
    invitation = Invitation.objects.create(
        organisation=malmo,
        email="ny@malmo.example",
        role="member",
        token="x" * 32,
        invited_by=coordinator,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    client.force_login(staff)
    html = client.get(f"/admin/diplomas/invitation/{invitation.pk}/change/").content.decode()
    time_input = re.search(r'<input[^>]*name="expires_at_1"[^>]*>', html).group(0)
    assert 'aria-label="' in time_input


def test_a_required_autocomplete_starts_with_a_named_empty_option(client, staff):
    client.force_login(staff)
    html = client.get("/admin/diplomas/membership/add/").content.decode()
    select = re.search(
        r'(<select name="organisation"[^>]*>)\s*<option value="">([^<]*)</option>', html
    )
    assert select is not None, "the organisation's <select> starts with an empty option"
    assert " required" in select.group(1)
    assert select.group(2).strip() == "Organisation"


def test_the_password_summary_is_a_div_without_disabled(client, staff):
    client.force_login(staff)
    html = client.get(f"/admin/accounts/user/{staff.pk}/change/").content.decode()
    assert not re.search(r"<div[^>]*\bdisabled\b", html)


@pytest.mark.parametrize("path", ["/", "/admin/"])
def test_pages_declare_the_icon(client, staff, path):
    client.force_login(staff)
    html = client.get(path).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon is not None, f"{path} declares no icon"
    assert icon.group(1).split("?")[0].rsplit("/", 1)[-1].startswith("favicon")
