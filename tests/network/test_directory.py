"""The member directory (/katalog/): the network's organisations with their coordinators and
local-group contacts, searchable and filterable; each person chooses what it shows of them."""

import pytest
from django.urls import reverse

from diplomas.models import Diploma, DiplomaKind, GroupMember, Membership
from network.models import DirectoryEntry
from tests.conftest import log_in_counted, make_organisation, make_user

pytestmark = pytest.mark.django_db

DIRECTORY = "/katalog/"
ENTRY = "/konto/katalog/"


def page(client, path=DIRECTORY, **query):
    response = client.get(path, query)
    assert response.status_code == 200
    return response.content.decode()


def test_members_see_every_organisation_of_the_network_and_no_other(
    client, network, member, malmo, lund
):
    outside = make_organisation("1282", "Landskrona")
    withdrawn = make_organisation("1283", "Helsingborg")
    Diploma.objects.create(
        organisation=withdrawn, kind=DiplomaKind.CITY, status=Diploma.Status.WITHDRAWN
    )
    client.force_login(member)
    html = page(client)
    assert "Malmö" in html and "Lund" in html
    assert "Landskrona" not in html and "Helsingborg" not in html
    assert "2 organisationer" in html
    assert client.get(f"/katalog/{outside.slug}/").status_code == 404
    assert client.get(f"/katalog/{lund.slug}/").status_code == 200


def test_the_default_shows_name_organisation_and_role_only(
    client, network, member, coordinator, malmo
):
    DirectoryEntry.objects.create(user=coordinator, phone="040-34 10 00", title="Miljöstrateg")
    client.force_login(member)
    html = page(client, f"/katalog/{malmo.slug}/")
    assert "Sara Samordnare" in html
    assert "Samordnare" in html
    assert coordinator.email not in html
    assert "040-34 10 00" not in html
    assert "Miljöstrateg" not in html


def test_a_person_chooses_to_show_email_phone_and_title(
    client, network, member, coordinator, other_coordinator, malmo
):
    client.force_login(coordinator)
    response = client.post(
        ENTRY,
        {"title": "Miljöstrateg", "phone": "040-34 10 00", "show_phone": "on", "show_email": "on"},
    )
    assert response.status_code == 302
    client.force_login(other_coordinator)  # Lund reads Malmö's entry
    html = page(client, f"/katalog/{malmo.slug}/")
    assert f'href="mailto:{coordinator.email}"' in html
    assert "040-34 10 00" in html
    assert "Miljöstrateg" not in html  # the title was not chosen


def test_a_phone_number_to_show_must_be_a_phone_number(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(ENTRY, {"phone": "ring mig", "show_phone": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert not DirectoryEntry.objects.exists()
    response = client.post(ENTRY, {"phone": "", "show_phone": "on"})
    assert "Skriv telefonnumret" in response.content.decode()
    assert not DirectoryEntry.objects.exists()


def test_the_local_groups_chair_and_contact_show_their_own_choices_only(
    client, network, member, coordinator, malmo
):
    GroupMember.objects.create(
        organisation=malmo,
        name="Anna Ordförande",
        role=GroupMember.Role.CHAIR,
        sector="politician",
        email="anna@malmo.example",
        phone="040-11 22 33",
    )
    GroupMember.objects.create(
        organisation=malmo,
        name="Sara Samordnare",
        role=GroupMember.Role.CONTACT,
        sector="official",
        user=coordinator,
    )
    GroupMember.objects.create(
        organisation=malmo, name="Gun Grupp", role=GroupMember.Role.MEMBER, sector="business"
    )
    DirectoryEntry.objects.create(user=coordinator, show_email=True)
    client.force_login(member)
    html = page(client, f"/katalog/{malmo.slug}/")
    assert "Anna Ordförande" in html and "Ordförande" in html
    # The roster's own email and phone are for the organisation's members, not the network.
    assert "anna@malmo.example" not in html and "040-11 22 33" not in html
    assert "Kontaktperson" in html and coordinator.email in html
    assert "Gun Grupp" not in html


def test_search_ignores_accents_and_filters_combine(client, network, member):
    goteborg = make_organisation("1480", "Göteborg", county_name="Västra Götalands län")
    Diploma.objects.create(organisation=goteborg, kind=DiplomaKind.CITY)
    region = make_organisation("12", "Region Skåne")
    Diploma.objects.create(
        organisation=region, kind=DiplomaKind.REGION, status=Diploma.Status.DIPLOMATED
    )
    client.force_login(member)

    def shown(**query):
        html = page(client, **query)
        return {
            slug
            for slug in ("goteborg", "malmo", "lund", "region-skane")
            if f'href="/katalog/{slug}/"' in html
        }

    assert shown(q="goteborg") == {"goteborg"}
    assert shown(q="MALMO") == {"malmo"}
    assert shown(county="12", kind="region") == {"region-skane"}
    assert shown(county="12", status="applying") == {"lund"}


def test_a_bad_filter_is_shown_beside_its_field(client, network, member):
    client.force_login(member)
    html = page(client, county="99", kind="planet")
    assert 'class="errors"' in html
    assert "Malmö" in html  # the other filters (none) still apply


def test_the_outsider_is_told_how_to_get_access(client, network, outsider, malmo):
    client.force_login(outsider)
    for path in (DIRECTORY, f"/katalog/{malmo.slug}/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "Så får du tillgång" in response.content.decode()
    # Their own choices they may still make, for when they are in.
    assert client.get(ENTRY).status_code == 200


def test_the_account_pages_link_to_the_choices(client, member):
    client.force_login(member)
    assert f'href="{ENTRY}"' in page(client, reverse("profile"))


def _network_of(size: int) -> None:
    for index in range(size):
        org = make_organisation(
            f"01{index:02d}" if index < 100 else f"03{index - 100:02d}",
            f"Ort {index}",
            county_name="Stockholms län",
        )
        Diploma.objects.create(organisation=org, kind=DiplomaKind.CITY)
        user = make_user(f"s{index}@ort.example", f"Samordnare {index}")
        Membership.objects.create(user=user, organisation=org, role=Membership.Role.COORDINATOR)
        DirectoryEntry.objects.create(user=user, show_email=True)
        GroupMember.objects.create(
            organisation=org,
            name=f"Ordf {index}",
            role=GroupMember.Role.CHAIR,
            sector="politician",
            user=user,
        )


@pytest.mark.parametrize("size", [5, 200])
def test_the_directory_runs_the_same_queries_at_5_and_200_organisations(
    client, network, member, size, django_assert_num_queries
):
    _network_of(size)
    log_in_counted(client, member)
    client.get(DIRECTORY)  # the session
    with django_assert_num_queries(8):
        html = page(client)
    assert "Samordnare 0" in html


def test_an_organisations_page_runs_a_fixed_number_of_queries(
    client, network, member, malmo, django_assert_num_queries
):
    log_in_counted(client, member)
    client.get(DIRECTORY)
    with django_assert_num_queries(6):
        page(client, f"/katalog/{malmo.slug}/")


def test_the_choices_page_says_whether_the_person_is_in_the_directory(
    client, network, member, outsider
):
    client.force_login(member)
    assert 'href="/katalog/"' in page(client, ENTRY)
    client.force_login(outsider)
    html = page(client, ENTRY)
    assert 'href="/katalog/"' not in html
    assert "Du syns i katalogen när du är medlem" in html
