"""Demo data for the quick start: a saved requirement package for the demo coordinator's
organisation, built from the starter library's advanced cocoa (or else any) requirements.
Loading twice changes nothing; without a library (before its data migration) it does nothing."""

from __future__ import annotations

from django.db.models import Q

from diplomas.models import Membership

from .models import Level, Package, PackageItem, Requirement, RequirementVersion
from .services.packages import package_create

DEMO_PACKAGE = "Kakao och choklad till skolorna 2027"


def load_demo_packages() -> Package | None:
    membership = (
        Membership.objects.filter(
            user__email="samordnare@demo.example", role=Membership.Role.COORDINATOR
        )
        .select_related("organisation", "user")
        .first()
    )
    if membership is None:
        return None
    existing = Package.objects.filter(organisation=membership.organisation, name=DEMO_PACKAGE)
    if existing.exists():
        return existing.first()
    requirements = Requirement.objects.filter(current__isnull=False).select_related("current")
    cocoa = requirements.filter(
        Q(categories__slug__startswith="kakao") | Q(categories__name_en__iexact="cocoa"),
        current__level=Level.ADVANCED,
    ).distinct()
    chosen = list(cocoa.order_by("identifier")[:6]) or list(requirements.order_by("identifier")[:6])
    if not chosen:
        return None
    package = package_create(
        organisation=membership.organisation,
        name=DEMO_PACKAGE,
        procurement_date=None,
        language="sv",
        requirements=chosen,
        by=membership.user,
    )
    # Where the library already holds a requirement in two versions, pin the older one, so the
    # demo package shows how a newer version is flagged.
    older = (
        RequirementVersion.objects.filter(requirement__in=chosen, number__gte=1)
        .exclude(pk__in=[r.current_id for r in chosen])
        .first()
    )
    if older is not None:
        PackageItem.objects.filter(package=package, requirement_id=older.requirement_id).update(
            version=older
        )
    return package
