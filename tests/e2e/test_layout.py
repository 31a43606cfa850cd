"""Pages that work on a phone and for staff, in the browser (no screenshots).

At 390 px (a phone) and 1280 px (a laptop) no page is wider than the window: only a table may
scroll sideways, inside its own labelled region that the keyboard can reach. The main menu
lines up with the content. Staff can send a decision from the admin's submission page at
1280 × 800 without scrolling sideways. In demo mode the admin carries the demo banner too.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Page, expect

from diplomas import services
from diplomas.models import Activity, Diploma, Submission
from network.models import HandbookChapter

from .helpers import follow, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]
BODY = "## Tillgänglighetsredogörelse\n\nEtt kapitel om diplomeringsprocessen."

# What is wider than the window, outside any element that scrolls sideways by itself.
MEASURE = """() => {
  const width = window.innerWidth;
  const scrolls = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
    .slice(0, 5)
    .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> ends at ` +
                `${Math.round(e.getBoundingClientRect().right)} px`);
  return {scrollWidth: document.documentElement.scrollWidth, width, wide};
}"""

# Every table region: labelled by an element that exists and says something, reachable by Tab.
REGIONS = """() => [...document.querySelectorAll('.table-scroll')].map((r) => {
  const label = document.getElementById(r.getAttribute('aria-labelledby') || '');
  return {role: r.getAttribute('role'), tabindex: r.getAttribute('tabindex'),
          label: label ? label.textContent.trim() : null,
          table: r.querySelector('table') !== null};
})"""


def assert_fits(page: Page) -> None:
    """The document is no wider than the window; table regions are labelled and focusable."""
    measured = page.evaluate(MEASURE)
    assert measured["scrollWidth"] <= measured["width"], (
        f"{page.url} is {measured['scrollWidth']} px wide in a {measured['width']} px window: "
        + "; ".join(measured["wide"])
    )
    for region in page.evaluate(REGIONS):
        assert region["role"] == "region" and region["tabindex"] == "0", (page.url, region)
        assert region["label"] and region["table"], (page.url, region)


def visit(page: Page, check_page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    check_page()
    assert_fits(page)


def use_session_of(page: Page, base_url: str, user) -> None:
    """Be ``user`` in the browser: a session made by Django's test client, as a cookie
    (for staff this skips the login's two-factor stage, which test_two_factor.py covers)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.fixture
def portal(settings, criteria, malmo, lund, coordinator, member, other_coordinator, tmp_path):
    """Malmö diplomated with activities, members and a submitted yearly report; Lund paused;
    a handbook chapter; the demo banner on (it is part of every page's width)."""
    settings.DEMO_MODE = True
    Diploma.objects.create(
        organisation=malmo,
        kind="city",
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2009, 5, 12),
        next_report_due=dt.date(2027, 2, 28),
    )
    Diploma.objects.create(
        organisation=lund,
        kind="city",
        status=Diploma.Status.PAUSED,
        diplomated_since=dt.date(2012, 3, 1),
    )
    Activity.objects.create(
        organisation=malmo,
        date=dt.date(2026, 3, 14),
        title="Fairtrade-fika i stadshuset med kommunstyrelsens ordförande",
        kind=Activity.Kind.TALK,
        partners="Malmö Fairtrade-förening, Svenska kyrkan i Malmö, Studieförbundet Vuxenskolan",
        created_by=coordinator,
    )
    HandbookChapter.objects.update_or_create(
        slug="om-handboken",
        defaults={"number": 90, "title_sv": "Om handboken", "body_sv": BODY},
    )
    report = services.submission_start(organisation=malmo, by=coordinator)
    services.submission_submit(submission=report, by=coordinator)
    return {"report": report}


PUBLIC = [
    "/",
    "/en/",
    "/diplomerade/",
    "/en/diplomerade/",
    "/diplomerade/statistik/",
    "/diplomerade/oppna-data/",
    "/diplomerade/malmo/",
    "/handbok/",
    "/handbok/om-handboken/",
    "/handbok/bestall/",
    "/kontakt/",
    "/tillganglighet/",
    "/accounts/login/",
    "/accounts/signup/",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_pages_fit_the_window(page, check_page, portal, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC:
        visit(page, check_page, path)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinators_pages_fit_the_window(
    page, check_page, live_server, portal, coordinator, width
):
    page.set_viewport_size({"width": width, "height": 800})
    use_session_of(page, live_server.url, coordinator)
    report = portal["report"]
    for path in [
        "/organisationer/malmo/",
        f"/organisationer/malmo/rapport/{report.pk}/",
        "/organisationer/malmo/aktiviteter/",
        "/organisationer/malmo/medlemmar/",
        "/organisationer/malmo/profil/",
        "/konto/",
        "/konto/e-post/",
    ]:
        visit(page, check_page, path)
    # The activities and the members are tables in their own region.
    page.goto("/organisationer/malmo/aktiviteter/")
    check_page()
    expect(page.get_by_role("region", name="Registrerade aktiviteter")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admins_main_pages_fit_the_window(
    page, check_page, live_server, portal, malmo, staff, width
):
    page.set_viewport_size({"width": width, "height": 800})
    use_session_of(page, live_server.url, staff)
    diploma = Diploma.objects.get(organisation=malmo)
    for path in [
        "/admin/",
        "/admin/diplomas/submission/",
        f"/admin/diplomas/submission/{portal['report'].pk}/change/",
        "/admin/diplomas/organisation/",
        "/admin/diplomas/diploma/",
        f"/admin/diplomas/diploma/{diploma.pk}/change/",
        "/admin/diplomas/criteriaset/",
        "/admin/network/handbookrender/",
        "/admin/notifications/reminder/",
    ]:
        visit(page, check_page, path)
        # Demo mode: the admin says so too, as every page of the portal does.
        expect(page.locator(".demo-banner")).to_contain_text("Demoversion.")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_main_menu_lines_up_with_the_content(page, check_page, portal, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ["/", "/diplomerade/"]:
        visit(page, check_page, path)
        menu = page.locator(".main-nav li a").first.bounding_box()
        brand = page.locator(".site-header .brand").bounding_box()
        content = page.locator("main .content").bounding_box()
        assert menu and brand and content
        assert abs(menu["x"] - content["x"]) <= 1, (path, menu["x"], content["x"])
        assert abs(brand["x"] - content["x"]) <= 1, (path, brand["x"], content["x"])


def test_staff_send_a_decision_at_1280_by_800_without_scrolling_sideways(
    page, check_page, live_server, portal, malmo, staff, coordinator
):
    page.set_viewport_size({"width": 1280, "height": 800})
    use_session_of(page, live_server.url, staff)
    page.goto("/admin/diplomas/submission/")
    check_page()
    follow(page, check_page, page.locator("#result_list").get_by_role("link", name="Malmö"))
    assert_fits(page)

    form = page.locator("form.decision-form")
    message = form.get_by_label("Meddelande till samordnarna")
    send = form.get_by_role("button", name="Skicka beslutet")
    # Not a sliver: the message box is wide enough to write in, the button whole and in view.
    message_box = message.bounding_box()
    assert message_box and message_box["width"] >= 480, message_box
    send_box = send.bounding_box()
    assert send_box and send_box["x"] >= 0 and send_box["x"] + send_box["width"] <= 1280, send_box

    form.get_by_label("Begär komplettering", exact=True).check()
    message.fill("Bifoga arbetsgruppens protokoll från i år.")
    submit(page, check_page, send)
    assert page.evaluate("() => window.scrollX") == 0
    assert_fits(page)
    expect(page.locator("ul.messagelist")).to_contain_text("Skickad tillbaka för komplettering.")
    expect(page.locator(".field-status .readonly")).to_have_text("Komplettering begärd")
    report = Submission.objects.get(pk=portal["report"].pk)
    assert report.status == Submission.Status.CHANGES_REQUESTED
