"""Demo data for supplier follow-up: Malmö's coffee contract at the corrective-action stage with
an overdue corrective action, relying on a shared site audit led by Lund that passes the reuse
rule; a textile contract at its first step; a closed banana contract. Dates are relative to
the day the demo is loaded. Loading twice changes nothing; without Malmö, Lund or the starter
library it does nothing."""

from __future__ import annotations

import datetime as dt

from diplomas.models import Membership, Organisation

from .models import Category, Contract, Requirement, Severity, StepKind, StepResult
from .services import followup as services
from .services.packages import package_create

COFFEE_SUPPLIER = ("Kaffekompaniet Syd AB", "556677-8899")


def _requirements(code: str) -> list[Requirement]:
    return list(
        Requirement.objects.filter(current__isnull=False, categories__code=code)
        .select_related("current")
        .distinct()
        .order_by("identifier")[:4]
    )


def _contract(organisation, code: str, supplier: tuple[str, str], *, by, start, years=3, **extra):
    requirements = _requirements(code)
    category = Category.objects.filter(code=code).first()
    if not requirements or category is None:
        return None
    package = package_create(
        organisation=organisation,
        name=f"{category.name_sv} – avtal med {supplier[0]}",
        procurement_date=start - dt.timedelta(days=90),
        language="sv",
        requirements=requirements,
        by=by,
    )
    return services.contract_create(
        organisation=organisation,
        supplier_name=supplier[0],
        supplier_number=supplier[1],
        category=category,
        package=package,
        starts_on=start,
        ends_on=start.replace(year=start.year + years),
        **extra,
    )


def load_demo_followup() -> Contract | None:
    malmo = Organisation.objects.filter(code="1280").first()
    lund = Organisation.objects.filter(code="1281").first()
    if malmo is None or lund is None:
        return None
    existing = Contract.objects.filter(organisation=malmo, supplier_number=COFFEE_SUPPLIER[1])
    if existing.exists():
        return existing.first()
    sara = (
        Membership.objects.filter(organisation=malmo, role=Membership.Role.COORDINATOR)
        .select_related("user")
        .order_by("id")
        .first()
    )
    coordinator = sara.user if sara else None
    member = (
        Membership.objects.filter(organisation=malmo, role=Membership.Role.MEMBER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    today = dt.date.today()
    start = dt.date(today.year - 1, 1, 1)

    # Lund leads: a site audit of the coffee supplier eight months ago, shared with Malmö.
    lund_coffee = _contract(lund, "KAF", COFFEE_SUPPLIER, by=None, start=start, value_band="small")
    if lund_coffee is None:
        return None
    services.step_save(
        contract=lund_coffee,
        kind=StepKind.SELF_ASSESSMENT,
        planned_on=start + dt.timedelta(days=30),
        result=StepResult.NO_DEVIATIONS,
        done_on=start + dt.timedelta(days=40),
        summary="Leverantören besvarade självskattningen fullständigt.",
    )
    services.step_save(
        contract=lund_coffee,
        kind=StepKind.SITE_AUDIT,
        planned_on=today - dt.timedelta(days=245),
        result=StepResult.NO_DEVIATIONS,
        done_on=today - dt.timedelta(days=240),
        summary="Platsrevision hos rosteriet och två kooperativ i Honduras. Inga avvikelser.",
    )
    shared = services.share(
        contract=lund_coffee,
        summary=(
            "Lunds kommun har följt upp Kaffekompaniet Syd AB för de kommuner som har samma "
            "leverantör. Självskattning och platsrevision visade inga avvikelser mot kraven på "
            "märkning och långsiktiga handelsrelationer."
        ),
        share_documents=False,
        invite=[],
    )

    # Malmö: the same supplier and requirements; its own office audit found a deviation whose
    # corrective action is overdue, and it relies on Lund's site audit.
    coffee = _contract(
        malmo,
        "KAF",
        COFFEE_SUPPLIER,
        by=coordinator,
        start=start,
        value_band="medium",
        contact_name="Karin Kaffe",
        contact_email="karin@kaffekompaniet.example",
    )
    services.share(
        contract=lund_coffee, summary=shared.summary, share_documents=False, invite=[malmo]
    )
    services.step_save(
        contract=coffee,
        kind=StepKind.SELF_ASSESSMENT,
        planned_on=start + dt.timedelta(days=30),
        responsible=coordinator,
        result=StepResult.NO_DEVIATIONS,
        done_on=start + dt.timedelta(days=35),
    )
    audit = services.step_save(
        contract=coffee,
        kind=StepKind.OFFICE_AUDIT,
        planned_on=today - dt.timedelta(days=90),
        responsible=coordinator,
        result=StepResult.DEVIATIONS,
        done_on=today - dt.timedelta(days=85),
        summary="Kontorsrevision: inköpsavtalen med kooperativen saknades för en del av volymen.",
    )
    requirement = coffee.package.items.order_by("-requirement__identifier").first().requirement
    services.deviation_add(
        step=audit,
        requirement=requirement,
        severity=Severity.MAJOR,
        description="Långsiktiga inköpsavtal saknas för ungefär en tredjedel av kaffet.",
        corrective_action="Leverantören tecknar avtal med kooperativen och skickar kopior.",
        deadline=today - dt.timedelta(days=10),
    )
    services.step_save(
        contract=coffee,
        kind=StepKind.DEVIATION_HANDLING,
        planned_on=today - dt.timedelta(days=60),
        responsible=coordinator,
        result=StepResult.DEVIATIONS,
        done_on=today - dt.timedelta(days=55),
        summary="Åtgärdsplanen är överenskommen med leverantören.",
    )
    services.step_save(
        contract=coffee,
        kind=StepKind.CORRECTIVE_ACTION_PLAN,
        planned_on=today + dt.timedelta(days=10),
        responsible=coordinator,
    )
    services.cover(contract=coffee, shared=shared)

    # Textiles at the first step, and bananas closed.
    workwear = _contract(
        malmo, "TEX", ("Arbetskläder Norden AB", "556036-0793"), by=coordinator, start=today
    )
    if workwear is not None:
        services.step_save(
            contract=workwear,
            kind=StepKind.SELF_ASSESSMENT,
            planned_on=today + dt.timedelta(days=20),
            responsible=member.user if member else coordinator,
        )
    bananas = _contract(
        malmo,
        "FRU",
        ("Fruktgrossisten i Skåne AB", "556123-4567"),
        by=coordinator,
        start=dt.date(today.year - 3, 3, 1),
    )
    if bananas is not None:
        for kind, days_ago, result in [
            (StepKind.SELF_ASSESSMENT, 700, StepResult.NO_DEVIATIONS),
            (StepKind.OFFICE_AUDIT, 400, StepResult.NO_DEVIATIONS),
            (StepKind.CLOSED, 300, StepResult.NO_DEVIATIONS),
        ]:
            day = today - dt.timedelta(days=days_ago)
            services.step_save(
                contract=bananas,
                kind=kind,
                planned_on=max(day, bananas.starts_on),
                responsible=coordinator,
                result=result,
                done_on=max(day, bananas.starts_on),
            )
    return coffee
