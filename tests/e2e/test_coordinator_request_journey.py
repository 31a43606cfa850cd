"""A new municipality applies on its own, in the browser.

Kim, environmental strategist in Göteborg (no diploma, no coordinator yet), signs up through
the real signup form and confirms the address from the mail. She lands on *Min organisation*,
finds Göteborg by typing "goteborg", and asks to become its coordinator. Pia at Fairtrade
Sverige confirms in the admin; Kim follows the emailed link, starts the application, answers
every criterion with the evidence asked for, and submits it.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from diplomas.models import CoordinatorRequest, Membership, Organisation, Submission
from diplomas.reference_data import load_reference_data

from .helpers import follow, main_submit, submit
from .test_diploma_journey import (
    criterion_section,
    expect_message,
    mail_to,
    small_pdf,
    use_session_of,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "lingonberry-tractor-umbrella-42"


@pytest.fixture
def register(settings, live_server, tmp_path, criteria):
    """The real register; links in emails point at the live server."""
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    load_reference_data()
    return Organisation.objects.get(code="1480")


def answer_every_criterion(page, submission, evidence) -> None:
    """Answer each criterion the organisation answers itself, as a user would in the form."""
    population = submission.organisation.population
    for criterion in submission.criteria_set.criteria.prefetch_related("thresholds"):
        if criterion.computed:
            continue
        section = criterion_section(page, criterion)
        least = max(
            (t.min_value for t in criterion.thresholds.all() if t.applies_to(population)),
            default=0,
        )
        if criterion.answer_type == "text":
            section.get_by_label("Ditt svar").fill(f"Göteborgs svar om {criterion.title_sv}.")
        elif criterion.answer_type == "yes_no":
            section.get_by_label("Ditt svar").select_option(label="Ja")
        elif criterion.answer_type == "percent":
            section.get_by_label("Andel i procent").fill(str(max(least, 50)))
        else:
            section.get_by_label("Ditt svar").fill(str(max(least, 1)))
        if criterion.requires_attachment:
            section.get_by_label(
                f"Bifoga underlag för kriterium {criterion.number}"
            ).set_input_files(evidence)


def test_from_signing_up_to_a_submitted_application(
    page, check_page, register, live_server, staff, mailoutbox, tmp_path
):
    goteborg = register
    assert django_settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    evidence = small_pdf(tmp_path / "beslut-kommunstyrelsen.pdf", "Beslut 2026-05-04")

    # 1. Kim signs up and confirms her address from the mail. ----------------------------------
    page.goto("/")
    check_page()
    follow(page, check_page, page.locator(".main-nav a[href*='/accounts/login/']"))
    follow(page, check_page, page.locator("main a[href*='/accounts/signup/']"))
    page.locator("#id_email").fill("kim@goteborg.example")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    submit(page, check_page, main_submit(page))
    assert "/accounts/confirm-email/" in page.url
    (confirmation,) = mailoutbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(link)
    check_page()
    submit(page, check_page, main_submit(page))

    # She lands on Min organisation, which shows the way to ask.
    assert page.url == live_server.url + "/organisationer/"
    expect(page.locator("h1")).to_have_text("Mina organisationer")
    expect(page.locator("main")).to_contain_text("Du är inte med i någon kommun eller region ännu")

    # 2. She finds Göteborg without its accent and asks to become its coordinator. ------------
    follow(page, check_page, page.get_by_role("link", name="Hitta din kommun eller region"))
    search = page.get_by_role("search", name="Hitta en kommun eller region")
    search.get_by_label("Kommunens eller regionens namn").fill("goteborg")
    submit(page, check_page, search.get_by_role("button", name="Sök"))
    results = page.get_by_role("region", name="Träffar")
    expect(results.get_by_role("link")).to_have_text(["Göteborgs kommun"])
    follow(page, check_page, results.get_by_role("link", name="Göteborgs kommun"))
    expect(page.locator("h1")).to_have_text("Bli samordnare för Göteborgs kommun")
    page.get_by_label("Din roll").fill("miljöstrateg")
    page.get_by_label("Varför vill du bli samordnare?").fill(
        "Kommunstyrelsen beslutade i maj att Göteborg ska bli Fairtrade City, och jag leder "
        "arbetsgruppen."
    )
    submit(page, check_page, page.get_by_role("button", name="Be om att bli samordnare"))
    expect_message(page, "Din förfrågan har skickats.")
    mine = page.get_by_role("region", name="Dina förfrågningar om att bli samordnare")
    expect(mine).to_contain_text("Göteborg")
    expect(mine).to_contain_text("Väntar på beslut")
    kim = CoordinatorRequest.objects.get().user
    assert not Membership.objects.filter(user=kim).exists()
    staff_mail = mail_to(
        mailoutbox, django_settings.STAFF_EMAIL, "Förfrågan om att bli samordnare för Göteborg"
    )
    assert "miljöstrateg" in staff_mail.body

    # 3. Pia confirms the request in the admin. ------------------------------------------------
    use_session_of(page, live_server.url, staff)
    page.goto("/admin/diplomas/coordinatorrequest/")
    check_page()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Väntar på beslut")
    with page.expect_navigation():
        rows.first.locator("th a").click()
    check_page()
    expect(page.locator("#content")).to_contain_text("Kommunstyrelsen beslutade i maj")
    form = page.locator("form.request-decision-form")
    form.get_by_label("Godkänn: gör personen till samordnare").check()
    submit(page, check_page, form.get_by_role("button", name="Skicka beslutet"))
    expect(page.locator("ul.messagelist")).to_contain_text(
        "Godkänd: kim@goteborg.example är nu samordnare för Göteborg."
    )
    expect(page.locator("form.request-decision-form")).to_have_count(0)
    assert Membership.objects.get(user=kim, organisation=goteborg).role == "coordinator"

    # 4. Kim follows the emailed link, logs in and starts the application. --------------------
    told = mail_to(mailoutbox, kim.email, "Nu är du samordnare för Göteborg")
    link = re.search(r"https?://\S+/organisationer/\S+/", told.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    check_page()
    assert "/accounts/login/" in page.url
    page.locator("#id_login").fill(kim.email)
    page.locator("#id_password").fill(PASSWORD)
    submit(page, check_page, main_submit(page))
    assert page.url == link
    expect(page.locator("h1")).to_have_text("Göteborg")
    expect(page.locator("main")).to_contain_text("Har inte ansökt ännu")
    submit(page, check_page, page.get_by_role("button", name="Påbörja ansökan"))
    submission = Submission.objects.get(organisation=goteborg)
    expect(page.locator("h1")).to_have_text(f"Ansökan {submission.year}: Göteborg")

    # 5. She answers every criterion, attaches the evidence asked for, and submits. -----------
    answer_every_criterion(page, submission, evidence)
    submit(page, check_page, page.get_by_role("button", name="Spara och skicka in"))
    expect_message(page, "Nu är det inskickat.")
    expect(page.locator("h1")).to_have_text("Göteborg")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.created_by == kim


def test_the_existing_coordinator_confirms_one_and_refuses_another_on_the_members_page(
    page, check_page, settings, live_server, malmo, coordinator, mailoutbox
):
    from diplomas import services
    from tests.conftest import PASSWORD as COORDINATOR_PASSWORD
    from tests.conftest import make_user

    from .helpers import log_in

    settings.SITE_URL = live_server.url
    kim = make_user("kim@malmo.example", "Kim Ny")
    ola = make_user("ola@annan.example", "Ola Okänd", language="en")
    for person in (kim, ola):
        services.coordinator_request_create(
            user=person, organisation=malmo, role="upphandlare", motivation="Jag vill hjälpa till."
        )

    page.goto("/")
    check_page()
    log_in(page, check_page, coordinator.email, COORDINATOR_PASSWORD)
    page.goto("/organisationer/malmo/")
    check_page()
    follow(page, check_page, page.locator(".side-nav").get_by_role("link", name="Medlemmar"))
    asking = page.get_by_role("region", name="Vill bli samordnare")
    expect(asking.get_by_role("article")).to_have_count(2)
    submit(page, check_page, asking.get_by_role("button", name="Godkänn Kim Ny som samordnare"))
    expect_message(page, "Kim Ny är nu samordnare.")
    expect(page.get_by_role("table")).to_contain_text("Kim Ny")

    asking = page.get_by_role("region", name="Vill bli samordnare")
    asking.get_by_label("Skäl till avslag för Ola Okänd").fill("Vi känner inte till dig.")
    submit(page, check_page, asking.get_by_role("button", name="Avslå"))
    expect_message(page, "Förfrågan från Ola Okänd har avslagits")
    expect(page.get_by_role("region", name="Vill bli samordnare")).to_have_count(0)

    assert Membership.objects.get(user=kim, organisation=malmo).role == "coordinator"
    assert not Membership.objects.filter(user=ola).exists()
    mail_to(mailoutbox, kim.email, "Nu är du samordnare för Malmö")
    refusal = mail_to(mailoutbox, ola.email, "Your request for Malmö was refused")
    assert "Vi känner inte till dig." in refusal.body
