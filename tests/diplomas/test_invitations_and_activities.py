"""Coordinators invite colleagues and log activities."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from diplomas.models import Activity, Invitation, Membership
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def invite(client, email="kim@malmo.example", role="member"):
    return client.post(
        reverse("diplomas:members", kwargs={"slug": "malmo"}), {"email": email, "role": role}
    )


def test_a_coordinator_invites_a_colleague_who_accepts(
    client, coordinator, malmo, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client).status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.expires_at > timezone.now() + dt.timedelta(days=13)
    (message,) = mail.outbox
    assert message.to == ["kim@malmo.example"]
    link = reverse("diplomas:invitation", kwargs={"token": invitation.token})
    assert link in message.body

    kim = make_user("kim@malmo.example", "Kim")
    client.force_login(kim)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.url == reverse("diplomas:dashboard", kwargs={"slug": "malmo"})
    assert Membership.objects.get(user=kim, organisation=malmo).role == "member"
    # The link works once.
    client.post(link)
    assert Membership.objects.filter(user=kim).count() == 1


def test_an_expired_invitation_is_refused_with_a_message(client, coordinator, malmo):
    client.force_login(coordinator)
    invite(client)
    invitation = Invitation.objects.get()
    invitation.expires_at = timezone.now() - dt.timedelta(minutes=1)
    invitation.save()
    kim = make_user("kim@malmo.example", "Kim")
    client.force_login(kim)
    link = reverse("diplomas:invitation", kwargs={"token": invitation.token})
    response = client.post(link)
    assert response.status_code == 200
    assert "Inbjudan har gått ut." in response.content.decode()
    assert not Membership.objects.filter(user=kim).exists()


def test_an_invitation_is_for_the_address_it_was_sent_to(
    client, coordinator, malmo, other_coordinator
):
    client.force_login(coordinator)
    invite(client, role="coordinator")
    link = reverse("diplomas:invitation", kwargs={"token": Invitation.objects.get().token})
    client.force_login(other_coordinator)
    client.post(link)
    assert not Membership.objects.filter(user=other_coordinator, organisation=malmo).exists()


def test_inviting_again_replaces_the_pending_invitation(
    client, coordinator, malmo, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, "kim@malmo.example", "member")
    first = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, "Kim@Malmo.example", "coordinator")
    latest = Invitation.objects.get()  # one open invitation for the address
    assert (latest.email, latest.role) == ("kim@malmo.example", "coordinator")
    assert len(mail.outbox) == 2
    kim = make_user("kim@malmo.example", "Kim")
    client.force_login(kim)
    old_link = reverse("diplomas:invitation", kwargs={"token": first.token})
    assert client.get(old_link).status_code == 404  # only the latest link works


def test_an_overlong_address_is_refused_with_a_message(client, coordinator):
    client.force_login(coordinator)
    response = invite(client, "kim." + "a" * 56 + "@" + ("b" * 60 + ".") * 3 + "malmo.example")
    assert response.status_code == 200
    assert "som mest 254 tecken" in response.content.decode()
    assert not Invitation.objects.exists()


def test_members_cannot_invite(client, member, malmo):
    client.force_login(member)
    assert invite(client).status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_says_so(client, coordinator, member):
    client.force_login(coordinator)
    response = invite(client, email=member.email)
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_a_coordinator_logs_changes_and_removes_an_activity(client, coordinator, malmo):
    client.force_login(coordinator)
    url = reverse("diplomas:activities", kwargs={"slug": "malmo"})
    response = client.post(
        url,
        {
            "date": "2026-10-05",
            "title": "Fairtrade Fika på stadsbiblioteket",
            "kind": "tasting",
            "open_to_residents": "on",
            "partners": "Världsbutiken",
            "description": "",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.organisation == malmo and activity.open_to_residents

    edit = reverse("diplomas:activity_edit", kwargs={"slug": "malmo", "pk": activity.pk})
    client.post(edit, {"date": "2026-10-06", "title": "Fika", "kind": "tasting", "partners": ""})
    activity.refresh_from_db()
    assert (activity.title, activity.date, activity.open_to_residents) == (
        "Fika",
        dt.date(2026, 10, 6),
        False,
    )
    client.post(edit, {"action": "delete"})
    assert not Activity.objects.exists()


def test_a_bad_activity_changes_nothing(client, coordinator):
    client.force_login(coordinator)
    url = reverse("diplomas:activities", kwargs={"slug": "malmo"})
    response = client.post(url, {"date": "den femte", "title": "", "kind": "party"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Activity.objects.exists()
