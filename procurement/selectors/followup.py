"""Reads for contracts and supplier follow-up.

A contract belongs to an organisation: ``contract_for`` answers 404 to anyone outside it. A
shared follow-up is read by the leader's members and by the members of the organisations it
invited (``shared_for``), and only what is shared: steps, results, the summary and, if the
leader allows it, the documents.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Min, Prefetch, Q
from django.shortcuts import get_object_or_404

from diplomas.models import Membership, Organisation
from diplomas.selectors import organisation_for

from ..models import (
    Contract,
    Deviation,
    PackageItem,
    Participation,
    SharedFollowUp,
    Step,
    StepDocument,
)
from ..models.followup import AUDIT_KINDS
from ..rules import Pinned, Verdict, reuse_verdict


def is_coordinator(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Membership.Role.COORDINATOR


def contracts_of(organisation: Organisation) -> list[Contract]:
    """The organisation's contracts with their next open step and open corrective actions."""
    today = dt.date.today()
    return list(
        Contract.objects.filter(organisation=organisation)
        .select_related("category", "package")
        .annotate(
            step_count=Count("steps", distinct=True),
            next_step_on=Min("steps__planned_on", filter=Q(steps__done_on__isnull=True)),
            overdue_actions=Count(
                "steps__deviations",
                filter=Q(
                    steps__deviations__closed_on__isnull=True,
                    steps__deviations__deadline__lt=today,
                ),
                distinct=True,
            ),
        )
        .order_by("supplier_name", "id")
    )


def contract_for(user, slug: str, pk: int, *, coordinator: bool = False):
    organisation, membership = organisation_for(user, slug, coordinator=coordinator)
    contract = get_object_or_404(
        Contract.objects.select_related(
            "category", "package", "covered_by__contract__organisation"
        ),
        pk=pk,
        organisation=organisation,
    )
    contract.organisation = organisation
    return contract, membership


def contract_steps(contract: Contract, *, documents: bool = True) -> list[Step]:
    prefetch = [
        Prefetch(
            "deviations",
            queryset=Deviation.objects.select_related("requirement").order_by("deadline", "id"),
        )
    ]
    if documents:
        prefetch.append(Prefetch("documents", queryset=StepDocument.objects.order_by("id")))
    return list(
        contract.steps.select_related("responsible")
        .prefetch_related(*prefetch)
        .order_by("planned_on", "id")
    )


def step_for(contract: Contract, pk: int) -> Step:
    steps = contract.steps.select_related("responsible").prefetch_related(
        Prefetch("documents", queryset=StepDocument.objects.order_by("id"))
    )
    return get_object_or_404(steps, pk=pk)


def responsible_choices(organisation: Organisation):
    from accounts.models import User

    return User.objects.filter(memberships__organisation=organisation, is_active=True).order_by(
        "name", "email"
    )


def pinned_of(package_id: int) -> list[Pinned]:
    return [
        Pinned(identifier=identifier, level=level, version=number)
        for identifier, level, number in PackageItem.objects.filter(package_id=package_id)
        .order_by("requirement__identifier")
        .values_list("requirement__identifier", "version__level", "version__number")
    ]


def last_audit_on(contract_id: int) -> dt.date | None:
    return Step.objects.filter(
        contract_id=contract_id, kind__in=AUDIT_KINDS, done_on__isnull=False
    ).aggregate(last=Max("done_on"))["last"]


def verdict_for(
    contract: Contract, shared: SharedFollowUp, today: dt.date | None = None
) -> Verdict:
    return reuse_verdict(
        ours=pinned_of(contract.package_id),
        theirs=pinned_of(shared.contract.package_id),
        audit_on=last_audit_on(shared.contract_id),
        today=today or dt.date.today(),
    )


def invitable_organisations(contract: Contract):
    """Other organisations with a contract with the same supplier, not yet invited."""
    invited = Participation.objects.filter(shared__contract=contract).values("organisation_id")
    return (
        Organisation.objects.filter(contracts__supplier_number=contract.supplier_number)
        .exclude(pk=contract.organisation_id)
        .exclude(pk__in=invited)
        .distinct()
        .order_by("name")
    )


def participants(shared: SharedFollowUp) -> list[Participation]:
    return list(shared.participations.select_related("organisation").order_by("organisation__name"))


def shared_invitations(contract: Contract) -> list[SharedFollowUp]:
    """The shared follow-ups of this contract's supplier its organisation is invited to."""
    return list(
        SharedFollowUp.objects.filter(
            participations__organisation_id=contract.organisation_id,
            contract__supplier_number=contract.supplier_number,
        )
        .select_related("contract__organisation", "contract__package")
        .order_by("-created_at")
    )


def shared_for(user, slug: str, pk: int) -> tuple[SharedFollowUp, Organisation, bool]:
    """A shared follow-up seen from the organisation ``slug`` (a member of it, or staff): the
    leader's own or one it is invited to. Anyone else: 404. The bool says "the leader"."""
    organisation, _membership = organisation_for(user, slug)
    shared = get_object_or_404(
        SharedFollowUp.objects.select_related("contract__organisation", "contract__category"),
        # A subquery, not a join: a join would give the leader one row per participant.
        Q(contract__organisation=organisation)
        | Q(pk__in=Participation.objects.filter(organisation=organisation).values("shared_id")),
        pk=pk,
    )
    return shared, organisation, shared.contract.organisation_id == organisation.pk


def shared_document(shared: SharedFollowUp, pk: int) -> StepDocument:
    return get_object_or_404(StepDocument, pk=pk, step__contract_id=shared.contract_id)


def shared_in_category(category_id: int) -> list[SharedFollowUp]:
    """The shared follow-ups in a category, for the category team's page: supplier, leader and
    how many take part. One query."""
    return list(
        SharedFollowUp.objects.filter(contract__category_id=category_id)
        .select_related("contract__organisation")
        .annotate(participant_count=Count("participations", distinct=True))
        .order_by("contract__supplier_name", "id")
    )


def supplier_overview() -> list[Contract]:
    """For staff: every contract being followed up, by supplier, with the organisation, where
    it is in the chain and whether it leads or relies on a shared follow-up. One query."""
    return list(
        Contract.objects.select_related(
            "organisation", "category", "shared", "covered_by__contract__organisation"
        )
        .annotate(
            step_count=Count("steps", distinct=True),
            done_count=Count("steps", filter=Q(steps__done_on__isnull=False), distinct=True),
            last_done_on=Max("steps__done_on"),
        )
        .order_by("supplier_number", "organisation__name", "id")
    )
