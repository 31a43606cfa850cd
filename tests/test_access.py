"""Every URL declares who may use it; the declarations are enforced."""

import pytest
from django.urls import reverse

from fairtrade_portal.access import Who, declared_urls, unguarded_urls


def test_every_url_of_the_project_declares_who_may_use_it():
    assert unguarded_urls() == []


def test_an_unguarded_url_is_caught():
    # tests/urls_unguarded.py is the project's URL map plus one view without a rule.
    assert unguarded_urls("tests.urls_unguarded") == ["forgotten/ (forgotten)"]


def test_the_system_check_refuses_an_unguarded_url(settings):
    from django.core.checks import run_checks

    settings.ROOT_URLCONF = "tests.urls_unguarded"
    errors = [e for e in run_checks() if e.id == "portal.E001"]
    assert [e.msg for e in errors] == ["URL forgotten/ (forgotten) has no access rule."]


def test_rules_cover_both_methods():
    for url in declared_urls():
        assert url.rule.get in Who, url
        assert url.rule.post in Who, url


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["profile", "mfa_index", "account_email"])
def test_pages_for_users_send_the_anonymous_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_method_nobody_may_use_is_refused(client):
    assert client.post(reverse("home")).status_code == 405
    assert client.put(reverse("contact")).status_code == 405
    assert client.delete(reverse("healthz")).status_code == 405


@pytest.mark.django_db
def test_a_refused_method_says_why_in_the_readers_language(client):
    response = client.post(reverse("home"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "Den här sidan kan inte användas så" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "coordinator", "other_coordinator"])
def test_only_staff_reach_the_admin(persona_client, persona):
    client = persona_client(persona)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.django_db
def test_staff_with_two_factor_reach_the_admin(persona_client):
    assert persona_client("staff").get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_staff_without_two_factor_are_sent_to_set_it_up(client, staff, settings):
    settings.STAFF_MFA_REQUIRED = True
    staff.authenticator_set.all().delete()
    client.force_login(staff)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
