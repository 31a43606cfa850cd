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


# --- discussions (/diskussion/): every URL for the anonymous, a logged-in outsider, a member
# of the group whose thread it is, a member of the network outside the group (404 for the
# group's objects) and staff ------------------------------------------------------------------

DISCUSSION_PERSONAS = ["anonymous", "outsider", "member", "other_coordinator", "staff"]
LOGIN, REFUSED, NOT_FOUND, OK, DONE, WRONG_METHOD = 302, 403, 404, 200, 302, 405
# name → (method, expected per persona in DISCUSSION_PERSONAS order)
DISCUSSION_MATRIX = {
    "network:discussions": ("GET", [LOGIN, REFUSED, OK, OK, OK]),
    "network:discussion_email": ("GET", [LOGIN, REFUSED, OK, OK, OK]),
    "network:discussion_unfollow": ("GET", [OK, OK, OK, OK, OK]),
    "network:discussion_topic": ("GET", [LOGIN, REFUSED, OK, NOT_FOUND, OK]),
    "network:discussion_thread_new": ("GET", [LOGIN, REFUSED, OK, NOT_FOUND, OK]),
    "network:discussion_topic_follow": ("POST", [LOGIN, REFUSED, DONE, NOT_FOUND, DONE]),
    "network:discussion_thread": ("GET", [LOGIN, REFUSED, OK, NOT_FOUND, OK]),
    "network:discussion_thread_follow": ("POST", [LOGIN, REFUSED, DONE, NOT_FOUND, DONE]),
    "network:discussion_thread_lock": ("POST", [LOGIN, REFUSED, REFUSED, REFUSED, DONE]),
    "network:discussion_thread_move": ("POST", [LOGIN, REFUSED, REFUSED, REFUSED, DONE]),
    "network:discussion_post_edit": ("GET", [LOGIN, REFUSED, OK, NOT_FOUND, REFUSED]),
    "network:discussion_post_hide": ("POST", [LOGIN, REFUSED, REFUSED, REFUSED, DONE]),
    "network:discussion_attachment": ("GET", [LOGIN, REFUSED, OK, NOT_FOUND, OK]),
}


@pytest.fixture
def group_discussion(network, member):
    from django.core.files.base import ContentFile

    from network.models import Group, GroupMembership, Topic
    from network.services import discussions

    group = Group.objects.create(slug="team", kind=Group.Kind.PROJECT, name_sv="Teamet")
    GroupMembership.objects.create(group=group, user=member)
    topic = Topic.objects.create(slug="teamets", name_sv="Teamets", group=group)
    thread = discussions.thread_start(topic=topic, by=member, title="Möte", body="Hej")
    post = thread.posts.get()
    post.attachment.save("a.pdf", ContentFile(b"%PDF-1.4"), save=False)
    post.attachment_name = "a.pdf"
    post.save()
    return topic, thread, post


def _discussion_args(name, topic, thread, post, member):
    from network.services.discussions import unfollow_token

    if name in {"network:discussions", "network:discussion_email"}:
        return []
    if name == "network:discussion_unfollow":
        return [unfollow_token(member.pk, thread.pk)]
    if name.startswith("network:discussion_topic") or name == "network:discussion_thread_new":
        return [topic.slug]
    if name.startswith("network:discussion_thread"):
        return [thread.pk]
    return [post.pk]


def test_the_discussion_matrix_covers_every_discussion_url():
    names = {url.name for url in declared_urls() if (url.name or "").startswith("network:discuss")}
    assert names == set(DISCUSSION_MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(DISCUSSION_MATRIX))
@pytest.mark.parametrize("persona", DISCUSSION_PERSONAS)
def test_discussion_urls_answer_each_persona(
    persona_client, group_discussion, member, outsider, other_coordinator, staff, name, persona
):
    topic, thread, post = group_discussion
    method, expected = DISCUSSION_MATRIX[name]
    path = reverse(name, args=_discussion_args(name, topic, thread, post, member))
    client = persona_client(persona)
    response = client.get(path) if method == "GET" else client.post(path, {"lock": "1"})
    assert response.status_code == expected[DISCUSSION_PERSONAS.index(persona)], path
    if method == "POST":
        assert client.get(path).status_code in (WRONG_METHOD, LOGIN, REFUSED, NOT_FOUND)
