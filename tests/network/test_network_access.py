"""The intranet's rule: staff and members of organisations of the network read it; anyone else
logged in is told how to get access (403); the anonymous are sent to log in."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from diplomas.models import Diploma
from diplomas.selectors import is_network_member
from fairtrade_portal.access import Who, access

pytestmark = pytest.mark.django_db


@access(get=Who.NETWORK)
def intranet_page(request):
    return HttpResponse("intranet")


def get(user):
    request = RequestFactory().get("/nyheter/")
    request.user = user
    request.session = {}
    return intranet_page(request)


def test_members_of_the_network_and_staff_read_the_intranet(
    network, member, other_coordinator, staff
):
    for user in (member, other_coordinator, staff):
        assert get(user).content == b"intranet"


def test_a_user_outside_the_network_is_told_how_to_get_access(network, outsider):
    response = get(outsider)
    assert response.status_code == 403
    page = response.content.decode()
    assert "How to get access" in page or "Så får du tillgång" in page
    assert "/organisationer/bli-samordnare/" in page


def test_the_anonymous_are_sent_to_log_in(network):
    response = get(AnonymousUser())
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("status", "inside"),
    [
        (Diploma.Status.APPLYING, True),
        (Diploma.Status.DIPLOMATED, True),
        (Diploma.Status.PAUSED, True),
        (Diploma.Status.WITHDRAWN, False),
    ],
)
def test_the_diploma_status_decides_who_is_in_the_network(network, member, malmo, status, inside):
    Diploma.objects.filter(organisation=malmo).update(status=status)
    assert is_network_member(member) is inside


def test_an_organisation_without_a_diploma_is_outside_the_network(member):
    assert is_network_member(member) is False
