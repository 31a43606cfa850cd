"""Demo data for the quick start: a saved requirement package for the demo coordinator's
organisation, built from the starter library's advanced cocoa (or else any) requirements.
Loading twice changes nothing; without a library (before its data migration) it does nothing."""

from __future__ import annotations

from django.db.models import Q

from diplomas.models import Membership

from .models import Level, Package, Requirement
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
    # Staff then publish a second version of its first requirement (once: the package exists
    # from then on), so the demo shows a package that flags a changed requirement.
    from accounts.models import User

    from .services.requirements import requirement_publish_version

    first = chosen[0]
    requirement_publish_version(
        requirement=first,
        by=User.objects.filter(is_staff=True).first(),
        text_sv=first.current.text_sv
        + " Leverantören ska på begäran redovisa vilka kooperativ kakaon kommer från.",
        text_en=(
            first.current.text_en
            + " On request, the supplier shall show which cooperatives the cocoa comes from."
            if first.current.text_en
            else ""
        ),
        change_note_sv="Leverantören ska på begäran redovisa kooperativen (demo).",
        change_note_en="The supplier shall show the cooperatives on request (demo).",
    )
    return package
