"""Public pages from the shared cache (fairtrade_portal/page_cache.py): every kind of change shows
on the next request, nobody is served another person's page, and pages with a form or a flash
message are never shared."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomas import services
from diplomas.models import Criterion, Diploma, Organisation, Submission
from diplomas.reference_data import load_reference_data
from network.content import load_shipped_chapters
from network.models import HandbookChapter, NewsItem

from .diplomas.factories import diplomate

LISTING = reverse("diplomas:listing")


@pytest.fixture
def register(db, page_cache):
    load_reference_data()
    diplomate("1280", 2008)  # Malmö
    diplomate("1281", 2009)  # Lund
    return Organisation.objects.get(code="1280")


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client, register, django_assert_num_queries
):
    first = fetch(client, LISTING)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = fetch(Client(), LISTING)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # What the middleware adds is added on every response, a stored one too.
    assert "Content-Security-Policy" in second
    assert "nonce" not in second.content.decode()  # the CSP needs no per-request nonce


def test_the_query_string_and_the_language_are_part_of_the_key(client, register):
    assert "Lund" in fetch(client, LISTING).content.decode()
    filtered = fetch(client, LISTING + "?q=malm").content.decode()
    assert "Malmö" in filtered and "Lund" not in filtered
    assert 'lang="sv"' in fetch(client, LISTING).content.decode()
    assert 'lang="en"' in fetch(client, "/en" + LISTING).content.decode()


def test_a_change_of_diploma_status_shows_on_the_next_request(
    client, register, staff, django_capture_on_commit_callbacks
):
    assert "Lund" in fetch(client, LISTING).content.decode()
    lund = Diploma.objects.get(organisation__code="1281")
    with django_capture_on_commit_callbacks(execute=True):
        services.diploma_change_status(
            diploma=lund, to_status=Diploma.Status.WITHDRAWN, by=staff, reason="Lämnar nätverket"
        )
    assert "Lund" not in fetch(client, LISTING).content.decode()


def test_a_change_to_an_organisation_shows_on_the_next_request(
    client, register, django_capture_on_commit_callbacks
):
    profile = reverse("diplomas:profile", kwargs={"slug": register.slug})
    assert "https://fairtrade.malmo.example" not in fetch(client, profile).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        register.website = "https://fairtrade.malmo.example"
        register.save()
    assert "https://fairtrade.malmo.example" in fetch(client, profile).content.decode()
    assert "fairtrade.malmo.example" in fetch(client, LISTING).content.decode()


def test_a_report_decision_shows_on_the_next_request(
    client, criteria, malmo, coordinator, staff, page_cache, django_capture_on_commit_callbacks
):
    application = services.submission_start(organisation=malmo, by=coordinator)
    Submission.objects.filter(pk=application.pk).update(status=Submission.Status.SUBMITTED)
    assert "Malmö" not in fetch(client, LISTING).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(submission=application, by=staff, today=dt.date(2026, 11, 23))
    assert "Malmö" in fetch(client, LISTING).content.decode()


def test_a_change_to_a_criterion_shows_on_the_next_request(
    client, criteria, page_cache, django_capture_on_commit_callbacks
):
    url = reverse("diplomas:criteria")
    assert "Ny vägledning för testet" not in fetch(client, url).content.decode()
    criterion = Criterion.objects.filter(criteria_set__kind="city").order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        criterion.guidance_sv = "Ny vägledning för testet"
        criterion.save()
    assert "Ny vägledning för testet" in fetch(client, url).content.decode()


def test_a_change_to_a_handbook_chapter_shows_on_the_next_request(
    client, db, page_cache, django_capture_on_commit_callbacks
):
    from network import services as network_services

    load_shipped_chapters(HandbookChapter)
    url = reverse("network:handbook")
    assert "Ett nytt kapitelnamn" not in fetch(client, url).content.decode()
    assert fetch(client, url)["X-Page-Cache"] == "hit"
    chapter = HandbookChapter.objects.order_by("number").first()
    with django_capture_on_commit_callbacks(execute=True):
        # As the view and the admin do: an update() sends no signal, the service bumps.
        HandbookChapter.objects.filter(pk=chapter.pk).update(title_sv="Ett nytt kapitelnamn")
        network_services.handbook_changed()
    assert "Ett nytt kapitelnamn" in fetch(client, url).content.decode()


def test_published_news_shows_in_the_feeds_on_the_next_request(
    client, db, page_cache, django_capture_on_commit_callbacks
):
    feed = reverse("network:news_rss")
    assert "Nyhet i flödet" not in fetch(client, feed).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        NewsItem.objects.create(
            slug="i-flodet",
            title_sv="Nyhet i flödet",
            summary_sv="Sammanfattning",
            body_sv="Text",
            audience=NewsItem.Audience.PUBLIC,
            published_at=timezone.now() - dt.timedelta(hours=1),
        )
    assert "Nyhet i flödet" in fetch(client, feed).content.decode()
    assert "Nyhet i flödet" in fetch(client, reverse("home")).content.decode()


def test_a_registration_shows_on_the_public_event_page_on_the_next_request(
    client, db, page_cache, member, django_capture_on_commit_callbacks
):
    from network.models import Event
    from network.services import events as event_services

    from .network.test_events import make_event

    event = make_event("varmote", audience=Event.Audience.PUBLIC, capacity=20)
    url = reverse("network:event", kwargs={"slug": event.slug})
    assert "0 av 20" in fetch(client, url).content.decode()
    assert fetch(client, url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_register(event=event, user=member)
    assert "1 av 20" in fetch(client, url).content.decode()


def test_a_page_that_lists_what_is_still_to_come_is_served_only_in_its_minute(
    client, db, page_cache
):
    from network.models import Event

    from .network.test_events import make_event

    event = make_event("snart", audience=Event.Audience.PUBLIC, days=1)
    url = reverse("network:events")
    assert "Träff snart" in fetch(client, url).content.decode()
    assert fetch(client, url)["X-Page-Cache"] == "hit"
    # A minute later (the clock moved on; the data did not), the page is made anew.
    later = timezone.now() + dt.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", lambda: later):
        assert fetch(client, url)["X-Page-Cache"] == "miss"
        assert fetch(client, url)["X-Page-Cache"] == "hit"
    assert event.title_sv in fetch(client, url).content.decode()


def test_a_change_that_is_rolled_back_keeps_the_stored_pages(client, register, staff):
    fetch(client, LISTING)
    lund = Diploma.objects.get(organisation__code="1281")
    # Inside the test's transaction: on_commit never runs, so the version stays.
    services.diploma_change_status(
        diploma=lund, to_status=Diploma.Status.PAUSED, by=staff, reason="Vilande"
    )
    assert fetch(client, LISTING)["X-Page-Cache"] == "hit"


def test_logged_in_people_are_never_served_a_stored_page(client, register, staff, outsider):
    anonymous = fetch(client, LISTING)
    assert "Logga ut" not in anonymous.content.decode()

    alice, bob = Client(), Client()
    alice.force_login(outsider)
    bob.force_login(staff)
    for person in (alice, bob):
        page = fetch(person, LISTING)
        assert "X-Page-Cache" not in page
        assert "Logga ut" in page.content.decode()
        assert "no-store" in page["Cache-Control"]
    # Their pages were not stored either: the next anonymous visitor gets the anonymous page.
    again = fetch(Client(), LISTING)
    assert again["X-Page-Cache"] == "hit"
    assert "Logga ut" not in again.content.decode()


def test_two_people_in_two_sessions_see_their_own_front_page(client, page_cache, network):
    from .conftest import make_user

    alice_user = make_user("alice@example.se", "Alice Andersson")
    bob_user = make_user("bob@example.se", "Bob Berg")
    alice, bob = Client(), Client()
    alice.force_login(alice_user)
    bob.force_login(bob_user)
    for _ in range(2):
        alice_page = fetch(alice, reverse("account_email")).content.decode()
        bob_page = fetch(bob, reverse("account_email")).content.decode()
        assert "alice@example.se" in alice_page and "bob@example.se" not in alice_page
        assert "bob@example.se" in bob_page and "alice@example.se" not in bob_page
        for person in (alice, bob):
            assert "X-Page-Cache" not in fetch(person, reverse("home"))


def _chapter_url() -> str:
    load_shipped_chapters(HandbookChapter)
    chapter = HandbookChapter.objects.order_by("number").first()
    return reverse("network:chapter", kwargs={"slug": chapter.slug})


def _form_values(page) -> dict:
    html = page.content.decode()
    return {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1],
        "page": re.search(r'name="page" value="([^"]+)"', html)[1],
    }


def test_a_page_with_a_form_is_stored_and_each_visitor_gets_their_own_token(db, page_cache):
    url = _chapter_url()
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice_page, bob_page = fetch(alice, url), fetch(bob, url)
    assert alice_page["X-Page-Cache"] == "miss" and bob_page["X-Page-Cache"] == "hit"
    alice_form, bob_form = _form_values(alice_page), _form_values(bob_page)
    # Each got a cookie of their own, and a token that goes with it, never the other's.
    assert alice.cookies["csrftoken"].value != bob.cookies["csrftoken"].value
    assert alice_form["csrfmiddlewaretoken"] != bob_form["csrfmiddlewaretoken"]
    assert bob_page["Content-Length"] == str(len(bob_page.content))
    feedback = reverse("network:feedback")
    refused = bob.post(feedback, {**alice_form, "useful": "yes"})
    assert refused.status_code == 403  # Alice's token does not go with Bob's cookie
    answered = bob.post(feedback, {**bob_form, "useful": "yes"})
    assert answered.status_code == 302
    # Bob now has a session (his answer, the thank-you message): his page is his own.
    thanked = bob.get(answered["Location"])
    assert "X-Page-Cache" not in thanked
    assert "Tack för ditt svar!" in thanked.content.decode()
    # A visitor who already has a CSRF cookie keeps it: the stored page gets a token for it.
    again = fetch(alice, url)
    assert again["X-Page-Cache"] == "hit"
    assert alice.post(feedback, {**_form_values(again), "useful": "no"}).status_code == 302


def test_a_page_whose_token_stands_outside_the_form_field_is_never_stored(
    db, page_cache, monkeypatch
):
    from django.middleware.csrf import get_token

    from network.views import handbook

    original = handbook.render

    def render_with_a_stray_token(request, template, context=None, **kwargs):
        response = original(request, template, context, **kwargs)
        response.content += f"<!-- {get_token(request)} -->".encode()
        return response

    monkeypatch.setattr(handbook, "render", render_with_a_stray_token)
    url = _chapter_url()
    first, second = fetch(Client(), url), fetch(Client(), url)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_a_visitor_with_a_session_or_a_flash_message_gets_a_fresh_page(client, register):
    fetch(client, LISTING)
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever"
    assert "X-Page-Cache" not in fetch(with_session, LISTING)
    with_message = Client()
    with_message.cookies["messages"] = "something"
    assert "X-Page-Cache" not in fetch(with_message, LISTING)


def test_without_the_setting_nothing_is_stored(client, register, settings):
    settings.PAGE_CACHE_ENABLED = False
    assert "X-Page-Cache" not in fetch(client, LISTING)
    assert "X-Page-Cache" not in fetch(client, LISTING)


def _diplomate_many(count: int) -> None:
    from diplomas.models import Diploma as DiplomaModel

    for index, organisation in enumerate(Organisation.objects.order_by("name")[:count]):
        DiplomaModel.objects.get_or_create(
            organisation=organisation,
            defaults={
                "kind": "region" if organisation.kind == "region" else "city",
                "status": "diplomated",
                "diplomated_since": dt.date(2005 + index % 20, 1, 1),
            },
        )


CACHED_PAGES = [
    reverse("home"),
    LISTING,
    LISTING + "?county=14&sort=-since",  # Västra Götaland: rows at both sizes
    reverse("diplomas:profile", kwargs={"slug": "ale"}),
    reverse("diplomas:statistics"),
    reverse("diplomas:map"),
    reverse("diplomas:criteria"),
    reverse("network:handbook"),
    reverse("network:news"),
    reverse("network:news_rss"),
    reverse("network:news_atom"),
    reverse("network:chapter", kwargs={"slug": "kom-igang"}),  # has a form: stored with a mark
    reverse("network:events"),
    reverse("network:events_calendar"),
    reverse("diplomas:listing_csv"),
    reverse("diplomas:listing_json") + "?county=12",
]


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_every_cached_page_runs_the_same_queries_at_two_sizes_and_none_when_stored(
    db, criteria, page_cache, settings, url, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fairtrade_portal import page_cache as cache_module

    load_reference_data()
    load_shipped_chapters(HandbookChapter)
    counts = []
    for size in (10, 300):
        _diplomate_many(size)
        cache_module._bump()  # the ORM writes above never commit: a new version by hand
        with CaptureQueriesContext(connection) as rendered:
            assert Client().get(url).status_code == 200
        counts.append(len(rendered.captured_queries))
        with django_assert_num_queries(0):
            assert Client().get(url).status_code == 200
    assert counts[0] == counts[1]


def test_a_new_requirement_version_shows_on_the_library_and_its_category_at_once(
    client, empty_library, page_cache, django_capture_on_commit_callbacks
):
    from procurement.models import RequirementVersion
    from tests.procurement.factories import new_version, requirement

    with django_capture_on_commit_callbacks(execute=True):
        req = requirement("FT-KAF-001", title_sv="Kaffe med märkning")
    library = reverse("procurement:library")
    detail = reverse("procurement:requirement", args=["FT-KAF-001"])
    category = reverse("procurement:risk_category", args=["kaffe"])
    for url in (library, detail, category):
        fetch(client, url)
    # A write that bypasses the services and signals is not seen: the pages come from the cache.
    RequirementVersion.objects.filter(pk=req.current_id).update(title_sv="Tyst ändring")
    assert "Kaffe med märkning" in fetch(client, detail).content.decode()
    assert "Tyst ändring" not in fetch(client, library).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        new_version(req, title_sv="Kaffe med skärpt märkning")
    assert "Kaffe med skärpt märkning" in fetch(client, library).content.decode()
    assert "Kaffe med skärpt märkning" in fetch(client, detail).content.decode()


def test_a_large_page_is_stored_in_two_parts_and_rendered_again_when_its_body_is_gone(
    client, db, page_cache
):
    from django.core.cache import caches

    from fairtrade_portal import page_cache as cache_module

    load_reference_data()
    _diplomate_many(300)
    url = reverse("diplomas:map")
    first = fetch(client, url)
    assert len(first.content) >= cache_module.LARGE_PAGE_BYTES  # 300 marks and list rows
    assert first["X-Page-Cache"] == "miss"
    # Another process: no copy of its own yet, so the body comes from the shared cache.
    cache_module._BODIES.clear()
    second = fetch(Client(), url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["Content-Length"] == str(len(first.content))
    # The body evicted from the shared cache (and no copy here): rendered anew, not served empty.
    stored = caches["pages"].get(cache_module.page_key(second.wsgi_request))
    caches["pages"].delete(stored.body_key)
    cache_module._BODIES.clear()
    third = fetch(Client(), url)
    assert third["X-Page-Cache"] == "miss" and third.content == first.content
