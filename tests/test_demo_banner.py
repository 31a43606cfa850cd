"""The demo banner: in demo mode every page says the data is made up, the admin's too."""

import pytest

pytestmark = pytest.mark.django_db

BANNER = 'class="demo-banner"'


@pytest.mark.parametrize("path", ["/", "/admin/", "/admin/diplomas/submission/"])
def test_in_demo_mode_the_portal_and_the_admin_carry_the_banner(client, staff, settings, path):
    settings.DEMO_MODE = True
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html
    assert "Demoversion." in html


@pytest.mark.parametrize("path", ["/", "/admin/"])
def test_outside_demo_mode_no_page_carries_it(client, staff, settings, path):
    settings.DEMO_MODE = False
    client.force_login(staff)
    assert BANNER not in client.get(path).content.decode()
