"""The shared pages: home, language switch, contact, accessibility statement, errors, health."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from fairtrade_portal import views

pytestmark = pytest.mark.django_db


def test_the_home_page_is_swedish_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert "Hoppa till huvudinnehållet" in html
    assert 'href="/en/"' in html  # the switch to English


def test_the_home_page_in_english(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert 'href="/"' in html  # the switch back to Swedish


def test_every_page_has_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_demo_banner_shows_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = False
    assert "demo-banner" not in client.get("/").content.decode()
    settings.DEMO_MODE = True
    assert "demo-banner" in client.get("/").content.decode()
    assert "demo-banner" in client.get(reverse("account_login")).content.decode()


def test_the_accessibility_statement_exists_in_both_languages(client):
    assert "Tillgänglighetsredogörelse" in client.get(reverse("accessibility")).content.decode()
    with translation.override("en"):
        url = reverse("accessibility")
    assert url.startswith("/en/")
    assert "Accessibility statement" in client.get(url).content.decode()


def test_the_contact_form_sends_the_message_to_staff(
    client, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_EMAIL = "natverk@fairtrade.example"
    # The task is queued when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contact"),
            {
                "name": "Kim",
                "email": "kim@ort.example",
                "organisation": "Ort",
                "message": "Hur börjar vi?",
            },
            follow=True,
        )
    assert "Tack! Ditt meddelande har skickats." in response.content.decode()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["natverk@fairtrade.example"]
    assert sent.reply_to == ["kim@ort.example"]
    assert "Hur börjar vi?" in sent.body
    assert sent.alternatives[0][1] == "text/html"


def test_bad_contact_input_shows_errors_in_the_users_language_and_sends_nothing(client):
    response = client.post(
        reverse("contact"), {"name": "", "email": "not-an-address", "message": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rätta felen nedan." in html
    assert "Fyll i en giltig e-postadress." in html
    assert 'aria-invalid="true"' in html
    assert mail.outbox == []

    with translation.override("en"):
        url = reverse("contact")
    html = client.post(url, {"name": "", "email": "nope", "message": "x"}).content.decode()
    assert "Please correct the errors below." in html
    assert "Enter a valid email address." in html


def test_unknown_pages_get_a_friendly_404_in_the_users_language(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_500_page_needs_no_database_and_speaks_both_languages(django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("sv"), django_assert_num_queries(0):
        response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in html
    assert "Something went wrong" in html


def test_healthz_reports_database_and_broker(client, on_postgresql):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unreachable"}


def test_healthz_notices_the_broker_going_away_and_coming_back(client, settings, tmp_path):
    from .processes import RedisServer

    broker = RedisServer(tmp_path / "redis")
    broker.start()
    settings.REDIS_URL = broker.url
    try:
        assert client.get("/healthz").json()["broker"] == "ok"
        broker.stop()  # the connection the health check keeps open is now dead
        assert client.get("/healthz").status_code == 503
        broker.start()
        assert client.get("/healthz").json() == {"database": "ok", "broker": "ok"}
    finally:
        broker.stop()


def test_the_profile_page_saves_name_and_language(client, member):
    client.force_login(member)
    response = client.post(reverse("profile"), {"name": "Mats M", "language": "en"}, follow=True)
    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.name, member.language) == ("Mats M", "en")


def test_the_profile_page_refuses_an_unknown_language(client, member):
    client.force_login(member)
    response = client.post(reverse("profile"), {"name": "Mats", "language": "xx"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.language == "sv"


def test_no_stylesheet_locks_the_screen_orientation():
    """WCAG 2.1 1.3.4: pages work in portrait and landscape. (The browser tests run axe-core
    without its CSS preload, so this rule is checked here, on every stylesheet served.)"""
    sheets = {
        path: storage.open(path).read().decode("utf-8")
        for finder in finders.get_finders()
        for path, storage in finder.list([])
        if path.endswith(".css")
    }
    assert "css/portal.css" in sheets and "admin/css/forms.css" in sheets
    for path, css in sheets.items():
        assert not re.search(r"@media[^{]*orientation", css), path


def test_a_form_sent_without_its_security_token_gets_a_plain_explanation(settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("contact"), {"name": "Kim"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formuläret kunde inte skickas" in html
    assert "Ingenting ändrades." in html
    assert mail.outbox == []


def test_the_swedish_login_page_invites_to_sign_up_in_words_that_match_the_link(client):
    # django-allauth's own Swedish catalogue says "Already have an account? Log in." here,
    # beside a link to the sign-up page; locale_third_party/ corrects it.
    html = client.get(reverse("account_login")).content.decode()
    assert "Har du inget konto än?" in html
    assert "Har du redan ett konto?" not in html
    assert "epost" not in html.lower().replace("e-post", "")
