"""Who may use the organisation pages: the matrix of personas against Malmö's pages."""

import pytest
from django.urls import reverse

from diplomas import services
from diplomas.models import Activity, Attachment, Submission
from tests.diplomas.factories import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def malmo_pages(criteria, malmo, coordinator):
    submission = services.submission_start(organisation=malmo, by=coordinator)
    criterion = submission.criteria_set.criteria.get(code="ambition")
    attachment = services.attachment_add(
        submission=submission, criterion=criterion, upload=pdf(), by=coordinator
    )
    activity = Activity.objects.create(
        organisation=malmo, date="2026-03-01", title="Fika", kind="tasting"
    )
    slug = malmo.slug
    return {
        "dashboard": reverse("diplomas:dashboard", kwargs={"slug": slug}),
        "submission": reverse("diplomas:submission", kwargs={"slug": slug, "pk": submission.pk}),
        "attachment": reverse("diplomas:attachment", kwargs={"slug": slug, "pk": attachment.pk}),
        "activities": reverse("diplomas:activities", kwargs={"slug": slug}),
        "members": reverse("diplomas:members", kwargs={"slug": slug}),
        "edit_profile": reverse("diplomas:edit_profile", kwargs={"slug": slug}),
        "activity_edit": reverse(
            "diplomas:activity_edit", kwargs={"slug": slug, "pk": activity.pk}
        ),
    }


READ_PAGES = ["dashboard", "submission", "attachment", "activities", "members"]
COORDINATOR_PAGES = ["edit_profile", "activity_edit"]


@pytest.mark.parametrize("page", READ_PAGES + COORDINATOR_PAGES)
def test_the_anonymous_are_sent_to_log_in(client, malmo_pages, page):
    response = client.get(malmo_pages[page])
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("page", READ_PAGES + COORDINATOR_PAGES)
def test_another_organisations_coordinator_gets_404(persona_client, malmo_pages, page):
    assert persona_client("other_coordinator").get(malmo_pages[page]).status_code == 404


@pytest.mark.parametrize("page", READ_PAGES)
def test_members_and_coordinators_read(persona_client, malmo_pages, page, member):
    for persona in ("member", "coordinator"):
        assert persona_client(persona).get(malmo_pages[page]).status_code == 200


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
def test_members_cannot_open_the_coordinators_forms(persona_client, malmo_pages, page, member):
    assert persona_client("member").get(malmo_pages[page]).status_code == 404
    assert persona_client("coordinator").get(malmo_pages[page]).status_code == 200


def test_staff_read_every_organisation_but_change_in_the_admin(persona_client, malmo_pages):
    client = persona_client("staff")
    for page in READ_PAGES:
        assert client.get(malmo_pages[page]).status_code == 200
    assert client.get(malmo_pages["edit_profile"]).status_code == 404


def test_a_member_cannot_change_the_draft(persona_client, malmo_pages, member):
    submission = Submission.objects.get()
    ambition = submission.criteria_set.criteria.get(code="ambition")
    response = persona_client("member").post(
        malmo_pages["submission"], {"action": "save", f"c{ambition.pk}": "Medlemmens text"}
    )
    assert response.status_code == 404
    assert not submission.answers.filter(text="Medlemmens text").exists()


def test_another_coordinator_cannot_post_to_malmos_pages(persona_client, malmo_pages, malmo):
    client = persona_client("other_coordinator")
    submission = Submission.objects.get()
    ambition = submission.criteria_set.criteria.get(code="ambition")
    assert (
        client.post(malmo_pages["submission"], {f"c{ambition.pk}": "Lunds text"}).status_code == 404
    )
    attachment = Attachment.objects.get()
    delete = reverse("diplomas:attachment_delete", kwargs={"slug": "malmo", "pk": attachment.pk})
    assert client.post(delete).status_code == 404
    assert client.post(malmo_pages["edit_profile"], {"goals": "Lund"}).status_code == 404
    assert client.post(malmo_pages["activities"], {"title": "x"}).status_code == 404
    start = reverse("diplomas:submission_start", kwargs={"slug": "malmo"})
    assert client.post(start).status_code == 404
    malmo.refresh_from_db()
    assert malmo.goals == ""
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert not submission.answers.filter(text="Lunds text").exists()


def test_a_submission_of_another_organisation_is_not_found_under_ones_own_slug(
    persona_client, malmo_pages, lund, other_coordinator
):
    submission = Submission.objects.get()
    url = reverse("diplomas:submission", kwargs={"slug": lund.slug, "pk": submission.pk})
    assert persona_client("other_coordinator").get(url).status_code == 404


def test_my_organisations_lists_each_membership(client, malmo, lund, coordinator):
    from diplomas.models import Membership

    Membership.objects.create(user=coordinator, organisation=lund, role="coordinator")
    client.force_login(coordinator)
    html = client.get(reverse("diplomas:my_organisations")).content.decode()
    assert 'href="/organisationer/malmo/"' in html
    assert 'href="/organisationer/lund/"' in html
