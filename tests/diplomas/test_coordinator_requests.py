"""A new municipality applies on its own: a person asks to become coordinator, and staff (or a
coordinator the organisation already has) confirm or refuse."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diplomas import services
from diplomas.models import CoordinatorRequest, Membership
from tests.conftest import PASSWORD, make_organisation, make_user

pytestmark = pytest.mark.django_db

SEARCH = reverse("diplomas:coordinator_request_search")
MINE = reverse("diplomas:my_organisations")


@pytest.fixture
def kim(db):
    """Kim has just signed up and belongs to no organisation."""
    return make_user("kim@ort.example", "Kim Kommun")


@pytest.fixture
def goteborg(db):
    return make_organisation("1480", "Göteborg", population=600_000, county_name="Västra Götaland")


def ask(user, organisation, **extra):
    values = {"role": "miljöstrateg", "motivation": "Kommunstyrelsen vill bli Fairtrade City."}
    return services.coordinator_request_create(
        user=user, organisation=organisation, **{**values, **extra}
    )


def new_url(organisation):
    return reverse("diplomas:coordinator_request_new", kwargs={"slug": organisation.slug})


def decide_url(coordinator_request):
    return reverse(
        "diplomas:coordinator_request_decide",
        kwargs={"slug": coordinator_request.organisation.slug, "pk": coordinator_request.pk},
    )


def withdraw_url(coordinator_request):
    return reverse("diplomas:coordinator_request_withdraw", kwargs={"pk": coordinator_request.pk})


def admin_decide_url(coordinator_request):
    return reverse("admin:diplomas_coordinatorrequest_decide", args=[coordinator_request.pk])


def is_coordinator(user, organisation) -> bool:
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.COORDINATOR
    ).exists()


# --- signing up lands on My organisation ---------------------------------------------------------
def test_signing_up_ends_on_my_organisations_with_the_way_to_ask(client, mailoutbox, goteborg):
    response = client.post(
        reverse("account_signup"),
        {"email": "ny@ort.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert response.url == MINE
    html = client.get(MINE).content.decode()
    assert "Du är inte med i någon kommun eller region ännu" in html
    assert SEARCH in html


# --- finding the organisation --------------------------------------------------------------------
@pytest.mark.parametrize("query", ["goteborg", "GÖTEBORG", "göte", "TEBORG"])
def test_the_search_ignores_case_and_accents(client, kim, goteborg, malmo, query):
    client.force_login(kim)
    html = client.get(SEARCH, {"q": query}).content.decode()
    assert new_url(goteborg) in html
    assert new_url(malmo) not in html


def test_the_search_says_when_nothing_matches(client, kim, goteborg):
    client.force_login(kim)
    html = client.get(SEARCH, {"q": "Atlantis"}).content.decode()
    assert "Ingen kommun eller region heter ”Atlantis”." in html
    assert new_url(goteborg) not in html


def test_the_search_runs_the_same_queries_whatever_the_size_of_the_register(
    client, kim, django_assert_num_queries
):
    client.force_login(kim)
    for index in range(3):
        make_organisation(f"01{index:02d}", f"Ort {index}")
    client.get(SEARCH, {"q": "ort"})  # warm the session and the caches
    with CaptureQueriesContext(connection) as small:
        client.get(SEARCH, {"q": "ort"})
    for index in range(3, 40):
        make_organisation(f"01{index:02d}", f"Ort {index}")
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(SEARCH, {"q": "ort"}).content.decode()
    assert html.count("/organisationer/bli-samordnare/ort-") == 25


# --- asking --------------------------------------------------------------------------------------
def test_asking_tells_staff_and_makes_nobody_coordinator(
    client, kim, goteborg, django_capture_on_commit_callbacks
):
    client.force_login(kim)
    assert "Din roll" in client.get(new_url(goteborg)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            new_url(goteborg), {"role": "miljöstrateg", "motivation": "Vi vill bli diplomerade."}
        )
    assert response.status_code == 302
    assert response.url == MINE
    item = CoordinatorRequest.objects.get()
    assert (item.user, item.organisation, item.status) == (kim, goteborg, "open")
    assert item.role == "miljöstrateg"
    assert not Membership.objects.filter(user=kim).exists()
    (staff_mail,) = mail.outbox
    assert staff_mail.to == [settings.STAFF_EMAIL]
    assert staff_mail.subject == "Förfrågan om att bli samordnare för Göteborg"
    assert "miljöstrateg" in staff_mail.body
    assert f"/admin/diplomas/coordinatorrequest/{item.pk}/change/" in staff_mail.body
    # The organisation's pages stay closed until someone confirms.
    dashboard = reverse("diplomas:dashboard", kwargs={"slug": goteborg.slug})
    assert client.get(dashboard).status_code == 404
    html = client.get(MINE).content.decode()
    assert "Väntar på beslut" in html
    assert withdraw_url(item) in html


def test_role_and_motivation_are_required(client, kim, goteborg):
    client.force_login(kim)
    response = client.post(new_url(goteborg), {"role": " ", "motivation": ""})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not CoordinatorRequest.objects.exists()
    with pytest.raises(ValidationError):
        ask(kim, goteborg, role="  ")


def test_one_open_request_per_person_and_organisation(client, kim, goteborg, malmo):
    ask(kim, goteborg)
    with pytest.raises(ValidationError) as error:
        ask(kim, goteborg)
    assert "redan bett att bli samordnare för Göteborg" in error.value.messages[0]
    # Another organisation is another request.
    ask(kim, malmo)
    client.force_login(kim)
    response = client.post(new_url(goteborg), {"role": "x", "motivation": "y"})
    assert "redan bett att bli samordnare för Göteborg" in response.content.decode()
    assert CoordinatorRequest.objects.filter(organisation=goteborg).count() == 1


def test_the_database_holds_one_open_request_per_person_and_organisation(kim, goteborg):
    ask(kim, goteborg)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoordinatorRequest.objects.create(user=kim, organisation=goteborg, role="a", motivation="b")


def test_a_coordinator_cannot_ask_for_their_own_organisation(client, coordinator, malmo):
    client.force_login(coordinator)
    html = client.get(new_url(malmo)).content.decode()
    assert "Du är redan samordnare för Malmö." in html
    assert 'name="role"' not in html
    client.post(new_url(malmo), {"role": "x", "motivation": "y"})
    assert not CoordinatorRequest.objects.exists()


def test_a_refused_person_can_ask_again_only_after_30_days(client, kim, goteborg, staff):
    item = ask(kim, goteborg)
    services.coordinator_request_refuse(coordinator_request=item, by=staff, reason="Okänd.")
    refused_on = timezone.localdate() - dt.timedelta(days=10)
    CoordinatorRequest.objects.filter(pk=item.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=10)
    )
    again_on = (refused_on + dt.timedelta(days=30)).isoformat()
    with pytest.raises(ValidationError) as error:
        ask(kim, goteborg)
    assert error.value.messages == [
        f"Din förfrågan för Göteborg avslogs den {refused_on.isoformat()}. Du kan fråga igen "
        f"från och med {again_on}."
    ]
    client.force_login(kim)
    assert again_on in client.get(new_url(goteborg)).content.decode()
    html = client.get(MINE).content.decode()
    assert "Avslagen" in html and "Okänd." in html and again_on in html

    CoordinatorRequest.objects.filter(pk=item.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=30)
    )
    assert ask(kim, goteborg).status == "open"


def test_the_person_withdraws_an_open_request(client, kim, goteborg):
    item = ask(kim, goteborg)
    client.force_login(kim)
    response = client.post(withdraw_url(item))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "withdrawn"
    html = client.get(MINE).content.decode()
    assert "Din förfrågan för Göteborg har återkallats." in html
    assert withdraw_url(item) not in html and "Väntar på beslut" not in html
    # Withdrawn, it can be asked again at once.
    assert ask(kim, goteborg).status == "open"


def test_nobody_withdraws_another_persons_request(client, kim, goteborg, member):
    item = ask(kim, goteborg)
    client.force_login(member)
    assert client.post(withdraw_url(item)).status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


# --- staff decide in the admin -------------------------------------------------------------------
def test_the_admin_lists_open_requests_first_with_filters(client, staff, kim, goteborg, malmo):
    older = ask(kim, malmo)
    services.coordinator_request_refuse(coordinator_request=older, by=staff, reason="Nej.")
    waiting = ask(kim, goteborg)
    client.force_login(staff)
    response = client.get(reverse("admin:diplomas_coordinatorrequest_changelist"))
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert rows == [waiting, older]
    html = response.content.decode()
    assert "?status__exact=open" in html  # the status filter
    html = client.get(
        reverse("admin:diplomas_coordinatorrequest_change", args=[waiting.pk])
    ).content.decode()
    assert "Kommunstyrelsen vill bli Fairtrade City." in html
    assert 'name="decision"' in html


def test_staff_confirm_in_the_admin_and_the_person_is_told_in_their_language(
    client, staff, kim, goteborg, django_capture_on_commit_callbacks
):
    kim.language = "en"
    kim.save()
    item = ask(kim, goteborg)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_decide_url(item), {"decision": "confirm"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decided_by) == ("confirmed", staff)
    assert is_coordinator(kim, goteborg)
    (message,) = mail.outbox
    assert message.to == [kim.email]
    assert message.subject == "You are now coordinator of Göteborg"
    assert "/en/organisationer/goteborg/" in message.body
    # The new coordinator starts the application as any coordinator does.
    client.force_login(kim)
    dashboard = reverse("diplomas:dashboard", kwargs={"slug": goteborg.slug})
    assert client.get(MINE).url == dashboard
    assert "Påbörja ansökan" in client.get(dashboard).content.decode()


def test_confirming_upgrades_a_member(client, staff, member, malmo):
    item = ask(member, malmo)
    client.force_login(staff)
    client.post(admin_decide_url(item), {"decision": "confirm"})
    assert Membership.objects.get(user=member, organisation=malmo).role == "coordinator"


def test_a_refusal_needs_a_reason_and_is_mailed_in_swedish(
    client, staff, kim, goteborg, django_capture_on_commit_callbacks
):
    item = ask(kim, goteborg)
    client.force_login(staff)
    response = client.post(admin_decide_url(item), {"decision": "refuse", "reason": "  "})
    assert response.status_code == 400
    assert "Ange ett skäl till avslaget" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"
    with pytest.raises(ValidationError):
        services.coordinator_request_refuse(coordinator_request=item, by=staff, reason="")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            admin_decide_url(item), {"decision": "refuse", "reason": "Vi känner inte till dig."}
        )
    item.refresh_from_db()
    assert (item.status, item.refusal_reason) == ("refused", "Vi känner inte till dig.")
    assert not Membership.objects.filter(user=kim).exists()
    (message,) = mail.outbox
    assert message.subject == "Din förfrågan för Göteborg avslogs"
    assert "Vi känner inte till dig." in message.body
    again_on = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert again_on in message.body


def test_the_database_refuses_a_refusal_without_a_reason(kim, goteborg):
    item = ask(kim, goteborg)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoordinatorRequest.objects.filter(pk=item.pk).update(status="refused")


def test_a_decided_request_cannot_be_decided_again(staff, kim, goteborg):
    item = ask(kim, goteborg)
    services.coordinator_request_confirm(coordinator_request=item, by=staff)
    with pytest.raises(ValidationError):
        services.coordinator_request_refuse(coordinator_request=item, by=staff, reason="Nej.")


def test_staff_confirm_several_with_the_admin_action(client, staff, kim, goteborg, malmo):
    items = [ask(kim, goteborg), ask(kim, malmo)]
    client.force_login(staff)
    client.post(
        reverse("admin:diplomas_coordinatorrequest_changelist"),
        {"action": "confirm_requests", "_selected_action": [i.pk for i in items]},
    )
    assert is_coordinator(kim, goteborg) and is_coordinator(kim, malmo)


# --- an organisation's own coordinator may decide ------------------------------------------------
def test_the_existing_coordinator_is_told_and_confirms_on_the_members_page(
    client, coordinator, kim, malmo, django_capture_on_commit_callbacks
):
    coordinator.language = "en"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        item = ask(kim, malmo)
    to_coordinator = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert [m.subject for m in to_coordinator] == ["Request to become coordinator of Malmö"]
    assert "/en/organisationer/malmo/medlemmar/" in to_coordinator[0].body
    assert [m.to for m in mail.outbox if m.to != [coordinator.email]] == [[settings.STAFF_EMAIL]]

    client.force_login(coordinator)
    members = reverse("diplomas:members", kwargs={"slug": malmo.slug})
    html = client.get(members).content.decode()
    assert "Kim Kommun" in html and "miljöstrateg" in html
    assert decide_url(item) in html
    response = client.post(decide_url(item), {"action": "confirm"})
    assert response.status_code == 302
    assert is_coordinator(kim, malmo)
    item.refresh_from_db()
    assert item.decided_by == coordinator


def test_the_existing_coordinator_refuses_only_with_a_reason(client, coordinator, kim, malmo):
    item = ask(kim, malmo)
    client.force_login(coordinator)
    members = reverse("diplomas:members", kwargs={"slug": malmo.slug})
    response = client.post(decide_url(item), {"action": "refuse", "reason": ""}, follow=True)
    assert response.redirect_chain[-1][0] == members
    assert "Ange ett skäl till avslaget" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"
    client.post(decide_url(item), {"action": "refuse", "reason": "Okänd för oss."})
    item.refresh_from_db()
    assert (item.status, item.refusal_reason) == ("refused", "Okänd för oss.")


def test_a_coordinator_of_another_organisation_gets_404(client, other_coordinator, kim, malmo):
    item = ask(kim, malmo)
    client.force_login(other_coordinator)
    assert client.post(decide_url(item), {"action": "confirm"}).status_code == 404
    # Nor through their own organisation's address.
    lund_url = reverse(
        "diplomas:coordinator_request_decide", kwargs={"slug": "lund", "pk": item.pk}
    )
    assert client.post(lund_url, {"action": "confirm"}).status_code == 404
    assert not is_coordinator(kim, malmo)
    with pytest.raises(PermissionDenied):
        services.coordinator_request_confirm(coordinator_request=item, by=other_coordinator)


def test_a_member_cannot_confirm(client, member, coordinator, kim, malmo):
    item = ask(kim, malmo)
    client.force_login(member)
    members = reverse("diplomas:members", kwargs={"slug": malmo.slug})
    assert decide_url(item) not in client.get(members).content.decode()
    assert client.post(decide_url(item), {"action": "confirm"}).status_code == 404
    assert not is_coordinator(kim, malmo)
    with pytest.raises(PermissionDenied):
        services.coordinator_request_confirm(coordinator_request=item, by=member)


def test_nobody_confirms_their_own_request(coordinator, malmo, lund):
    item = ask(coordinator, lund)
    with pytest.raises(PermissionDenied):
        services.coordinator_request_confirm(coordinator_request=item, by=coordinator)


def test_the_members_page_runs_the_same_queries_with_more_requests(
    client, coordinator, malmo, django_assert_num_queries
):
    client.force_login(coordinator)
    members = reverse("diplomas:members", kwargs={"slug": malmo.slug})
    ask(make_user("a@ort.example", "A"), malmo)
    client.get(members)
    with CaptureQueriesContext(connection) as few:
        client.get(members)
    for index in range(5):
        ask(make_user(f"p{index}@ort.example", f"P {index}"), malmo)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(members).content.decode()
    assert html.count("coordinator-request") == 6


# --- who may use the new pages -------------------------------------------------------------------
@pytest.fixture
def request_pages(kim, goteborg, malmo):
    item = ask(kim, malmo)
    return {
        "search": (SEARCH, "GET"),
        "new": (new_url(goteborg), "GET"),
        "withdraw": (withdraw_url(item), "POST"),
        "decide": (decide_url(item), "POST"),
    }


@pytest.mark.parametrize("page", ["search", "new", "withdraw", "decide"])
def test_the_anonymous_are_sent_to_log_in(client, request_pages, page):
    url, method = request_pages[page]
    response = client.get(url) if method == "GET" else client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("page", ["withdraw", "decide"])
def test_the_post_only_pages_refuse_get(client, kim, request_pages, page):
    client.force_login(kim)
    assert client.get(request_pages[page][0]).status_code == 405


@pytest.mark.parametrize("persona", ["member", "coordinator", "other_coordinator", "staff"])
def test_every_logged_in_person_may_search_and_ask(persona_client, request_pages, persona):
    client = persona_client(persona)
    assert client.get(request_pages["search"][0], {"q": "göte"}).status_code == 200
    assert client.get(request_pages["new"][0]).status_code == 200


def test_asking_for_an_unknown_organisation_is_404(client, kim):
    client.force_login(kim)
    url = reverse("diplomas:coordinator_request_new", kwargs={"slug": "atlantis"})
    assert client.get(url).status_code == 404


def test_staff_decide_in_the_admin_not_on_the_members_page(client, staff, request_pages):
    client.force_login(staff)
    assert client.post(request_pages["decide"][0], {"action": "confirm"}).status_code == 404


# --- the new pages, in every state, are valid HTML -----------------------------------------------
def test_the_pages_of_asking_and_deciding_are_valid_html(
    client, kim, goteborg, malmo, coordinator, staff
):
    from tests.pagecheck import run_vnu
    from tests.test_crawl import group_vnu_errors

    waiting = ask(kim, malmo)
    refused = ask(kim, goteborg)
    services.coordinator_request_refuse(coordinator_request=refused, by=staff, reason="Nej.")
    pages = {}
    client.force_login(kim)
    pages[MINE] = client.get(MINE)
    pages[SEARCH] = client.get(SEARCH, {"q": "o"})
    pages[SEARCH + "?q=atlantis"] = client.get(SEARCH, {"q": "atlantis"})
    lund = make_organisation("1281", "Lund")
    pages[new_url(lund)] = client.get(new_url(lund))
    pages[new_url(lund) + " (errors)"] = client.post(new_url(lund), {"role": "", "motivation": ""})
    pages[new_url(goteborg)] = client.get(new_url(goteborg))  # refused: the date to ask again
    client.force_login(coordinator)
    members = reverse("diplomas:members", kwargs={"slug": malmo.slug})
    pages[members] = client.get(members)
    client.force_login(staff)
    change = reverse("admin:diplomas_coordinatorrequest_change", args=[waiting.pk])
    pages[change] = client.get(change)
    pages[admin_decide_url(waiting)] = client.post(admin_decide_url(waiting), {"decision": "x"})
    listing = reverse("admin:diplomas_coordinatorrequest_changelist")
    pages[listing] = client.get(listing)
    for name, response in pages.items():
        assert response.status_code in (200, 400), (name, response.status_code)
    errors = run_vnu({name: response.content.decode() for name, response in pages.items()})
    problems = group_vnu_errors(errors)
    assert not problems, "\n".join(problems)


def test_my_organisations_runs_the_same_queries_with_more_requests(client, kim, malmo):
    client.force_login(kim)
    ask(kim, malmo)
    client.get(MINE)
    with CaptureQueriesContext(connection) as few:
        client.get(MINE)
    for index in range(5):
        ask(kim, make_organisation(f"01{index:02d}", f"Ort {index}"))
    with CaptureQueriesContext(connection) as more:
        html = client.get(MINE).content.decode()
    assert len(more.captured_queries) == len(few.captured_queries)
    assert html.count('class="card coordinator-request"') == 6
