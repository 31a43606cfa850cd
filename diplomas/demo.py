"""Demo data for the quick start: a few people with logins on top of the real register.

Only loaded where ``DEMO_MODE`` is on, which also puts the demo banner on every page, so nobody
takes demo data for the real register. Loading twice changes nothing: what exists is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User

from .models import Membership, Organisation
from .reference_data import load_reference_data

DEMO_PASSWORD = "fairtrade-demo"  # noqa: S105 - printed for the quick start, demo only


@dataclass(frozen=True)
class DemoLogin:
    email: str
    description: str


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    description: str
    memberships: tuple[tuple[str, str], ...] = ()  # (organisation code, role)
    staff: bool = False


PEOPLE = [
    DemoPerson(
        email="samordnare@demo.example",
        name="Sara Samordnare",
        description="coordinator of Malmö and of Region Skåne",
        memberships=(("1280", Membership.Role.COORDINATOR), ("12", Membership.Role.COORDINATOR)),
    ),
    DemoPerson(
        email="medlem@demo.example",
        name="Mats Medlem",
        description="member of Malmö's steering group",
        memberships=(("1280", Membership.Role.MEMBER),),
    ),
    DemoPerson(
        email="personal@demo.example",
        name="Pia Personal",
        description="Fairtrade Sverige staff, can use the admin",
        staff=True,
    ),
]


@transaction.atomic
def load_demo_data() -> list[DemoLogin]:
    if not Organisation.objects.exists():
        load_reference_data()
    organisations = {
        org.code: org
        for org in Organisation.objects.filter(
            code__in={code for p in PEOPLE for code, _ in p.memberships}
        )
    }
    logins = []
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=DEMO_PASSWORD,
                name=person.name,
                is_staff=person.staff,
                is_superuser=person.staff,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        for code, role in person.memberships:
            Membership.objects.get_or_create(
                user=user, organisation=organisations[code], defaults={"role": role}
            )
        logins.append(DemoLogin(email=person.email, description=person.description))
    return logins
