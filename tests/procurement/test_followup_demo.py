"""The demo's supplier follow-up, on the starter library: Malmö's coffee contract with an
overdue corrective action relies on Lund's shared site audit, which passes the reuse rule."""

import pytest
from django.urls import reverse

from procurement.demo_followup import load_demo_followup
from procurement.models import Contract, Deviation, SharedFollowUp
from procurement.selectors.followup import verdict_for

pytestmark = pytest.mark.django_db


def test_the_demo_follow_up_is_loaded_once_and_passes_the_reuse_rule(
    client, malmo, lund, coordinator
):
    coffee = load_demo_followup()
    assert coffee is not None
    load_demo_followup()
    assert Contract.objects.filter(organisation=malmo).count() == 3
    assert SharedFollowUp.objects.count() == 1
    coffee.refresh_from_db()
    shared = coffee.covered_by
    assert shared.contract.organisation == lund
    assert verdict_for(coffee, shared).holds
    overdue = Deviation.objects.get(step__contract=coffee)
    assert overdue.closed_on is None

    client.force_login(coordinator)
    page = client.get(reverse("procurement_org:contract", args=[malmo.slug, coffee.pk])).text
    assert "Försenad" in page and "Täckt av gemensam uppföljning" in page
    coverage = reverse("procurement_org:coverage", args=[malmo.slug, coffee.pk, shared.pk])
    assert "Återanvändningsregeln gäller:" in client.get(coverage).text


def test_without_lund_the_demo_adds_no_contract(malmo):
    assert load_demo_followup() is None
    assert not Contract.objects.exists()
