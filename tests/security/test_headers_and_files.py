"""What a browser is told to protect the people using the portal, and who may fetch uploaded
evidence: only members of its organisation and staff, through the view that checks it."""

import pytest
from django.urls import reverse

from diplomas import services
from diplomas.models import Attachment
from tests.diplomas.factories import city_answers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/diplomerade/", "/kontakt/", "/accounts/login/"])
def test_pages_tell_the_browser_to_protect_the_reader(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"  # no clickjacking through frames
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"  # filter queries stay on the site
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # Browser features the portal does not use are off (camera, microphone, location …).
    features = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in features
    if path in ("/", "/diplomerade/"):
        # A public page may be kept by a cache: nothing personal is on it.
        assert "no-store" not in response.get("Cache-Control", "")


def test_a_member_page_is_never_stored_by_a_cache_or_the_back_button(client, member, malmo):
    client.force_login(member)
    response = client.get(reverse("diplomas:dashboard", kwargs={"slug": malmo.slug}))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "Permissions-Policy" in response


@pytest.fixture
def evidence(criteria, malmo, coordinator, client):
    submission = services.submission_start(organisation=malmo, by=coordinator)
    client.force_login(coordinator)
    client.post(
        reverse("diplomas:submission", kwargs={"slug": malmo.slug, "pk": submission.pk}),
        city_answers(submission.criteria_set),
    )
    client.logout()
    return Attachment.objects.filter(answer__submission=submission).first()


def test_evidence_is_not_served_from_the_media_folder(client, evidence, settings):
    assert evidence is not None
    # No URL maps the storage: the only way to a file is the view that checks who asks.
    assert client.get(settings.MEDIA_URL + evidence.file.name).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("other_coordinator", 404), ("member", 200), ("staff", 200)],
)
def test_only_the_organisation_and_staff_download_evidence(
    persona_client, evidence, malmo, member, persona, expected
):
    url = reverse("diplomas:attachment", kwargs={"slug": malmo.slug, "pk": evidence.pk})
    response = persona_client(persona).get(url)
    assert response.status_code == expected
    if expected == 200:
        # Downloaded, never shown inline: an uploaded file cannot run in the portal's origin.
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        # Another person's evidence never waits in a shared cache.
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_security_txt_names_the_contact_and_an_expiry_within_a_year(client, settings):
    import datetime as dt

    settings.SITE_URL = "https://fairtradecity.example"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == f"mailto:{settings.STAFF_EMAIL}"
    expires = dt.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    now = dt.datetime.now(dt.UTC)
    assert now < expires < now + dt.timedelta(days=365)  # RFC 9116, 2.5.5
    assert fields["Canonical"] == "https://fairtradecity.example/.well-known/security.txt"


def test_the_favicon_is_found(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)
