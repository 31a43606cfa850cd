"""Every page of the project declared for the network's members (Who.NETWORK), found from the
URL map itself, so pages added later are covered without a change here: the anonymous are
sent to log in, a logged-in outsider gets the 403 page that says how to get access, and a
member (and staff) get the page.

URL parameters are filled with the values below. The access rule is enforced before the view
runs, so for the anonymous and the outsider any value shows the refusal; for a member a filled
parameter may name nothing (404 is then fine, a refusal is not) – except where this module
knows real data (KNOWN), where the member must get 200."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from fairtrade_portal.access import Who, declared_urls

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
FILLERS = {
    "int": "1",
    "slug": "malmo",
    "str": "malmo",
    "path": "malmo",
    "uuid": str(uuid.UUID(int=1)),
}
# URL names whose parameters this module fills with data that exists (the network fixture).
KNOWN = {"network:directory_organisation"}


def network_urls(method: str) -> list[tuple[str, str, bool]]:
    """(path, name, has parameters) of every URL whose rule for ``method`` is Who.NETWORK."""
    found = []
    for declared in declared_urls():
        rule = declared.rule
        if rule is None or (rule.get if method == "GET" else rule.post) is not Who.NETWORK:
            continue
        route = declared.route
        assert not route.startswith("^"), f"a regular-expression route cannot be filled: {route}"
        has_parameters = bool(PARAMETER.search(route))
        path = "/" + PARAMETER.sub(lambda m: FILLERS[m.group("converter") or "str"], route)
        found.append((path, declared.name, has_parameters))
    return found


def test_the_intranet_has_pages_to_check():
    names = {name for _path, name, _params in network_urls("GET")}
    assert {"network:directory", "network:directory_organisation"} <= names


def request(client: Client, method: str, path: str):
    return client.get(path) if method == "GET" else client.post(path, {})


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_anonymous_are_sent_to_log_in(client, network, method):
    for path, name, _params in network_urls(method):
        response = request(client, method, path)
        assert response.status_code == 302, f"{method} {path} ({name})"
        assert response.url.startswith("/accounts/login/?next="), f"{method} {path} ({name})"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_outsider_is_told_how_to_get_access(client, network, outsider, method):
    client.force_login(outsider)
    for path, name, _params in network_urls(method):
        response = request(client, method, path)
        assert response.status_code == 403, f"{method} {path} ({name})"
        assert "Så får du tillgång" in response.content.decode(), f"{method} {path} ({name})"


@pytest.mark.parametrize("persona", ["member", "other_coordinator", "staff"])
def test_members_and_staff_get_every_intranet_page(client, network, persona, request):
    client.force_login(request.getfixturevalue(persona))
    not_checked = []
    for path, name, has_parameters in network_urls("GET"):
        response = client.get(path)
        if not has_parameters or name in KNOWN:
            assert response.status_code == 200, f"{path} ({name}) as {persona}"
            continue
        # A filled-in parameter may name nothing; it must not be refused.
        assert response.status_code in (200, 404), f"{path} ({name}) as {persona}"
        not_checked.append(name)
    print("pages with parameters checked for refusal only:", ", ".join(sorted(not_checked)))
