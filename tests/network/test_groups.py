"""Group spaces: who sees a group, its page, its members page and its files."""

from __future__ import annotations

import pytest

from diplomas.models import Membership
from network.models import Event, Group, GroupMembership, Resource, Topic
from procurement.models import Category
from tests.conftest import make_user
from tests.network.test_events import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(network, coordinator, member):
    group = Group.objects.create(
        slug="samverkansgruppen",
        kind=Group.Kind.COLLABORATION,
        name_sv="Samverkansgruppen",
        name_en="The collaboration group",
        description_sv="Vi **förbereder** nätverksträffarna.",
    )
    GroupMembership.objects.create(group=group, user=coordinator, is_admin=True)
    GroupMembership.objects.create(group=group, user=member)
    return group


@pytest.fixture
def lund_member(network, lund):
    user = make_user("lena@lund.example", "Lena Lund")
    Membership.objects.create(user=user, organisation=lund, role=Membership.Role.MEMBER)
    return user


def test_a_member_sees_their_groups_and_a_group_page_with_its_members(client, team, member):
    Group.objects.create(slug="andra", kind=Group.Kind.PROJECT, name_sv="Någon annans grupp")
    client.force_login(member)
    listing = client.get("/grupper/").content.decode()
    assert "Samverkansgruppen" in listing
    assert "Någon annans grupp" not in listing
    assert "2 medlemmar" in listing

    page = client.get("/grupper/samverkansgruppen/").content.decode()
    assert "<strong>förbereder</strong>" in page
    assert "Sara Samordnare" in page and "Mats Medlem" in page
    assert "Gruppadministratör" in page
    assert "Malmö" in page  # the members' organisations
    # Only admins see the way to manage the members.
    assert "/grupper/samverkansgruppen/medlemmar/" not in page


def test_the_group_page_is_in_english_with_the_english_name(client, team, member):
    client.force_login(member)
    page = client.get("/en/grupper/samverkansgruppen/").content.decode()
    assert "The collaboration group" in page
    assert "Latest in the group" in page
    # The description has no English text: shown in Swedish, marked as such.
    assert 'lang="sv"' in page


def test_a_group_is_404_for_members_of_the_network_outside_it(client, team, lund_member):
    client.force_login(lund_member)
    assert client.get("/grupper/samverkansgruppen/").status_code == 404
    assert client.get("/grupper/samverkansgruppen/medlemmar/").status_code == 404
    assert "Samverkansgruppen" not in client.get("/grupper/").content.decode()


def test_staff_see_every_group(client, team, staff):
    client.force_login(staff)
    assert client.get("/grupper/samverkansgruppen/").status_code == 200
    assert client.get("/grupper/samverkansgruppen/medlemmar/").status_code == 200


def test_a_group_admin_adds_and_removes_a_member(client, team, coordinator, lund_member):
    client.force_login(coordinator)
    response = client.post(
        "/grupper/samverkansgruppen/medlemmar/", {"email": "LENA@lund.example"}, follow=True
    )
    assert "Lena Lund är medlem i Samverkansgruppen." in response.content.decode()
    membership = GroupMembership.objects.get(group=team, user=lund_member)
    assert membership.added_by == coordinator and not membership.is_admin

    client.force_login(lund_member)
    assert client.get("/grupper/samverkansgruppen/").status_code == 200
    assert client.get("/grupper/samverkansgruppen/medlemmar/").status_code == 404

    client.force_login(coordinator)
    response = client.post(
        f"/grupper/samverkansgruppen/medlemmar/{membership.pk}/ta-bort/", follow=True
    )
    assert "Lena Lund är inte längre medlem i Samverkansgruppen." in response.content.decode()
    client.force_login(lund_member)
    assert client.get("/grupper/samverkansgruppen/").status_code == 404


def test_a_plain_member_cannot_add_or_remove_anyone(client, team, member, coordinator):
    client.force_login(member)
    assert (
        client.post("/grupper/samverkansgruppen/medlemmar/", {"email": "x@y.se"}).status_code == 404
    )
    admin = GroupMembership.objects.get(user=coordinator)
    response = client.post(f"/grupper/samverkansgruppen/medlemmar/{admin.pk}/ta-bort/")
    assert response.status_code == 404
    assert GroupMembership.objects.filter(pk=admin.pk).exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("ingen@nowhere.example", "Ingen har ett konto med den här adressen."),
        ("ulla@utanfor.example", "Den här personen är inte medlem i nätverket"),
        ("inte en adress", "Fyll i en giltig e-postadress."),
    ],
)
def test_adding_someone_who_cannot_be_in_a_group_says_why_and_changes_nothing(
    client, team, coordinator, outsider, email, message
):
    client.force_login(coordinator)
    response = client.post("/grupper/samverkansgruppen/medlemmar/", {"email": email})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert team.memberships.count() == 2


def test_removing_a_membership_of_another_group_is_404(client, team, coordinator, staff):
    other = Group.objects.create(slug="andra", kind=Group.Kind.PROJECT, name_sv="Andra")
    foreign = GroupMembership.objects.create(group=other, user=staff)
    client.force_login(coordinator)
    response = client.post(f"/grupper/samverkansgruppen/medlemmar/{foreign.pk}/ta-bort/")
    assert response.status_code == 404
    assert GroupMembership.objects.filter(pk=foreign.pk).exists()


def test_a_member_shares_a_file_with_the_group_and_only_the_group_finds_it(
    client, team, member, malmo, lund_member
):
    client.force_login(member)
    form = client.get("/resurser/dela/", {"group": "samverkansgruppen"}).content.decode()
    assert f'<option value="{team.pk}" selected>Samverkansgruppen</option>' in form
    response = client.post(
        "/resurser/dela/",
        {
            "title": "Dagordning för samverkansgruppen",
            "category": Resource.Category.PRESENTATION,
            "organisation": malmo.pk,
            "group": team.pk,
            "language": "sv",
            "link": "https://example.org/dagordning",
        },
    )
    assert response.status_code == 302, response.content.decode()
    resource = Resource.objects.get()
    assert resource.group == team

    page = client.get("/grupper/samverkansgruppen/").content.decode()
    assert "Dagordning för samverkansgruppen" in page  # the latest activity
    files = client.get("/resurser/", {"group": "samverkansgruppen"})
    assert [row["resource"] for row in files.context["rows"]] == [resource]
    assert "bara för gruppen Samverkansgruppen" in files.content.decode()

    client.force_login(lund_member)
    assert client.get(f"/resurser/{resource.pk}/").status_code == 404
    assert not client.get("/resurser/", {"q": "dagordning"}).context["rows"]
    # Another group's slug in the filter is not a choice: the form says so, nothing leaks.
    response = client.get("/resurser/", {"group": "samverkansgruppen"})
    assert not response.context["rows"]
    assert "Samverkansgruppen" not in response.content.decode()


def test_sharing_into_a_group_one_is_not_in_is_refused(client, team, lund_member, lund):
    client.force_login(lund_member)
    form = client.get("/resurser/dela/").content.decode()
    assert 'name="group"' not in form  # in no group: nothing to choose
    response = client.post(
        "/resurser/dela/",
        {
            "title": "Smyg",
            "category": Resource.Category.PRESENTATION,
            "organisation": lund.pk,
            "group": team.pk,
            "language": "sv",
            "link": "https://example.org/x",
        },
    )
    assert response.status_code == 302
    assert Resource.objects.get().group is None  # the field is not there: it is ignored


def test_a_category_team_page_leads_to_its_category(client, network, coordinator):
    coffee = Category.objects.get(code="KAF")
    team = Group.objects.create(
        slug="kaffe", kind=Group.Kind.CATEGORY_TEAM, name_sv="Kategoriteam kaffe", category=coffee
    )
    GroupMembership.objects.create(group=team, user=coordinator)
    client.force_login(coordinator)
    page = client.get("/grupper/kaffe/").content.decode()
    assert "/upphandling/risker/kaffe/#matrix" in page or "risker/kaffe/#matrix" in page
    assert "?category=kaffe" in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_group_pages_run_the_same_queries_at_two_sizes(
    client, team, member, malmo, size, django_assert_num_queries
):
    for index in range(size):
        person = make_user(f"p{index}@malmo.example", f"Person {index}")
        Membership.objects.create(user=person, organisation=malmo, role=Membership.Role.MEMBER)
        GroupMembership.objects.create(group=team, user=person)
        group = Group.objects.create(
            slug=f"g{index}", kind=Group.Kind.PROJECT, name_sv=f"G {index}"
        )
        GroupMembership.objects.create(group=group, user=member)
        Resource.objects.create(
            title=f"Fil {index}",
            category=Resource.Category.INFORMATION,
            group=team,
            organisation=malmo,
            link="https://example.org/",
        )
        make_event(f"e{index}", audience=Event.Audience.GROUP, group=team)
        Topic.objects.create(slug=f"t{index}", name_sv=f"Ämne {index}", group=team)
    client.force_login(member)
    client.get("/grupper/")  # the session and the language settle
    with django_assert_num_queries(4):
        assert client.get("/grupper/").status_code == 200
    # The group, its members, each kind of activity, its topics, its events and your
    # registrations for them.
    with django_assert_num_queries(14):
        assert client.get("/grupper/samverkansgruppen/").status_code == 200


def test_the_group_page_links_to_its_own_topics_and_coming_events(client, team, member):
    Topic.objects.create(slug="samverkan", name_sv="Samverkansgruppens ärenden", group=team)
    Topic.objects.create(slug="upphandling", name_sv="Upphandling")  # the whole network's
    other = Group.objects.create(slug="andra", kind=Group.Kind.PROJECT, name_sv="Andra")
    Topic.objects.create(slug="andras", name_sv="Andras ärenden", group=other)
    make_event("nasta-mote", audience=Event.Audience.GROUP, group=team, title_sv="Nästa möte")
    make_event("andras-mote", audience=Event.Audience.GROUP, group=other, title_sv="Andras möte")
    make_event("forra-mote", days=-10, audience=Event.Audience.GROUP, group=team, title_sv="Förra")
    client.force_login(member)
    page = client.get("/grupper/samverkansgruppen/").content.decode()
    assert 'href="/diskussion/samverkan/"' in page
    assert "0 trådar" in page
    assert "/diskussion/upphandling/" not in page and "Andras ärenden" not in page
    coming = page.split('id="events"')[1].split("<h2")[0]
    assert 'href="/evenemang/nasta-mote/"' in coming
    assert "Andras möte" not in page
    assert "/evenemang/forra-mote/" not in coming  # past: only under "Latest in the group"
