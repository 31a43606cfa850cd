"""A logged-in person outside the network is refused every members-only page of the intranet
and reads how to get access; axe checks the refusal page."""

import pytest
from playwright.sync_api import expect

from fairtrade_portal.access import Who, declared_urls
from tests.conftest import PASSWORD

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def members_only_pages() -> list[str]:
    """Every intranet page without parameters (those with parameters are refused before the
    view runs, for any value; tests/network/test_intranet_access.py goes through them)."""
    return [
        "/" + url.route
        for url in declared_urls()
        if url.rule is not None and url.rule.get is Who.NETWORK and "<" not in url.route
    ]


def test_a_non_member_is_refused_every_members_only_page(
    page, check_page, page_audit, network, outsider
):
    pages = members_only_pages()
    assert "/katalog/" in pages
    page_audit.expect_status(403)
    page.goto("/")
    check_page()
    log_in(page, check_page, outsider.email, PASSWORD)
    for path in pages:
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.locator("h1")).to_have_text("För nätverkets medlemmar")
        expect(page.locator("main")).to_contain_text("Så får du tillgång")
        expect(page.locator("main a[href='/organisationer/bli-samordnare/']")).to_be_visible()
        check_page()
    # The way in is one click away.
    page.locator("main a[href='/organisationer/bli-samordnare/']").click()
    page.wait_for_url("**/organisationer/bli-samordnare/")
    check_page()
