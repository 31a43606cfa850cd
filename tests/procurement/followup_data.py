"""A lived-in supplier follow-up for the crawl and the fuzzing: Malmö's coffee contract with
a done audit, a deviation and a document, shared with Lund, whose contract relies on it."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from procurement.models import Requirement, StepKind
from procurement.services import followup as services
from procurement.services.packages import package_create

from .factories import category, requirement


def _coffee() -> list[Requirement]:
    found = list(
        Requirement.objects.filter(
            current__isnull=False, identifier__startswith="FT-KAF-"
        ).order_by("identifier")[:2]
    )
    return found or [requirement("FT-KAF-001"), requirement("FT-KAF-002")]


def make_followup(malmo, lund, coordinator):
    today = dt.date.today()
    coffee = _coffee()
    contracts = []
    for organisation in (malmo, lund):
        package = package_create(
            organisation=organisation,
            name=f"Kaffeavtal {organisation.name}",
            procurement_date=None,
            language="sv",
            requirements=coffee,
            by=None,
        )
        contracts.append(
            services.contract_create(
                organisation=organisation,
                supplier_name="Kaffebolaget AB",
                supplier_number="556677-8899",
                category=category("KAF"),
                package=package,
                starts_on=today - dt.timedelta(days=400),
                ends_on=today + dt.timedelta(days=700),
            )
        )
    ours, theirs = contracts
    step = services.step_save(
        contract=ours,
        kind=StepKind.OFFICE_AUDIT,
        planned_on=today - dt.timedelta(days=30),
        responsible=coordinator,
        result="deviations",
        done_on=today - dt.timedelta(days=20),
    )
    services.step_save(
        contract=ours,
        kind=StepKind.CORRECTIVE_ACTION_PLAN,
        planned_on=today,
        responsible=coordinator,
    )
    services.deviation_add(
        step=step,
        requirement=coffee[-1],
        severity="major",
        description="Inga långsiktiga avtal.",
        corrective_action="Teckna avtal.",
        deadline=today - dt.timedelta(days=5),
    )
    services.document_add(
        step=step, upload=SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 rapport"), by=coordinator
    )
    shared = services.share(contract=ours, summary="Klart.", share_documents=True, invite=[lund])
    services.cover(contract=theirs, shared=shared)
    return ours, theirs, shared
