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
    _demo_local_groups()
    _demo_diplomas()
    return logins


# Made-up local groups (arbetsgrupper): (organisation code, name, role, sector, email of the
# person's demo login or ""). The names say what the people do, like the demo logins.
DEMO_LOCAL_GROUPS = [
    ("1280", "Anna Ordförande", "chair", "politician", ""),
    ("1280", "Erik Kontakt", "contact", "official", ""),
    ("1280", "Sara Samordnare", "member", "official", "samordnare@demo.example"),
    ("1280", "Mats Medlem", "member", "civil_society", "medlem@demo.example"),
    ("1280", "Helena Handel", "member", "business", ""),
    ("1280", "Kristoffer Kyrka", "member", "faith", ""),
    ("1280", "Selma Skola", "member", "school", ""),
    ("12", "Sara Samordnare", "contact", "official", "samordnare@demo.example"),
    ("12", "Rolf Regionråd", "chair", "politician", ""),
    ("12", "Ingrid Inköp", "member", "official", ""),
    ("12", "Fatima Förening", "member", "civil_society", ""),
    ("1281", "Lena Ledamot", "chair", "politician", ""),
    ("1281", "Tove Tjänsteperson", "contact", "official", ""),
    ("1281", "Gustav Grossist", "member", "business", ""),
]


def _demo_local_groups() -> None:
    from .models import GroupMember

    if GroupMember.objects.exists():
        return
    organisations = {
        org.code: org
        for org in Organisation.objects.filter(code__in={row[0] for row in DEMO_LOCAL_GROUPS})
    }
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    GroupMember.objects.bulk_create(
        GroupMember(
            organisation=organisations[code],
            name=name,
            role=role,
            sector=sector,
            email=login or f"{name.split()[0].lower()}@demo.example",
            user=users.get(login),
        )
        for code, name, role, sector, login in DEMO_LOCAL_GROUPS
    )


# Made-up diplomas for the demo (the banner on every page says so): (code, year diplomated).
DEMO_DIPLOMATED = [
    ("1280", 2008),
    ("1281", 2009),
    ("0180", 2012),
    ("1480", 2010),
    ("0380", 2011),
    ("0580", 2013),
    ("1880", 2014),
    ("2480", 2015),
    ("0680", 2016),
    ("0780", 2017),
    ("1283", 2018),
    ("1290", 2019),
    ("1380", 2020),
    ("1780", 2021),
    ("2281", 2022),
    ("1490", 2023),
    ("0581", 2024),
    ("1282", 2025),
    ("1261", 2025),
    ("0980", 2019),
    ("14", 2016),
]


def _demo_diplomas() -> None:
    import datetime as dt

    from . import rules
    from .models import Activity, Answer, Diploma, DiplomaStatusChange, Submission
    from .services import criteria_set_valid_on, diploma_kind_for

    if Diploma.objects.exists():
        return
    staff = User.objects.filter(is_staff=True).first()
    today = dt.date.today()
    report_year = rules.current_report_year(today)
    for code, year in DEMO_DIPLOMATED:
        organisation = Organisation.objects.get(code=code)
        since = dt.date(year, 5, 15)
        diploma = Diploma.objects.create(
            organisation=organisation,
            kind=diploma_kind_for(organisation),
            status=Diploma.Status.DIPLOMATED,
            diplomated_since=since,
            next_report_due=rules.report_due(report_year),
        )
        DiplomaStatusChange.objects.create(
            diploma=diploma,
            from_status=Diploma.Status.APPLYING,
            to_status=Diploma.Status.DIPLOMATED,
            reason="Demo: application approved",
            changed_by=staff,
        )
    # Malmö: an approved yearly report for last year, with its share of fair purchases.
    malmo = Organisation.objects.get(code="1280")
    malmo.goals = (
        "Demo: allt kaffe, te, kakao och alla bananer i kommunens verksamheter ska vara "
        "rättvisemärkta."
    )
    malmo.save()
    city_set = criteria_set_valid_on("city", today)
    for offset, share in ((2, 72), (1, 81)):
        year = report_year - offset
        submission = Submission.objects.create(
            organisation=malmo,
            kind=Submission.Kind.YEARLY_REPORT,
            year=year,
            criteria_set=city_set,
            is_larger_report=rules.is_larger_report(malmo.diploma.diplomated_since, year),
            status=Submission.Status.APPROVED,
            created_by=staff,
        )
        for criterion in city_set.criteria.all():
            values = {
                "text": "Demo: svar",
                "yes_no": True if criterion.answer_type == "yes_no" else None,
                "number": share
                if criterion.is_purchase_share
                else (4 if criterion.computed else None),
            }
            if criterion.computed == criterion.Computed.LOCAL_GROUP:
                summary = rules.local_group_summary(malmo)
                values |= {"snapshot": summary.as_snapshot(), "number": len(summary.people)}
            Answer.objects.create(submission=submission, criterion=criterion, **values)
    for month, title in (
        (3, "Fairtrade Fika"),
        (5, "Föreläsning om kakao"),
        (10, "Fairtrade Challenge"),
    ):
        Activity.objects.create(
            organisation=malmo,
            date=dt.date(today.year, month, 12),
            title=f"Demo: {title}",
            kind=Activity.Kind.TASTING if "Fika" in title else Activity.Kind.TALK,
            partners="Demo: Världsbutiken",
        )
    # Region Skåne is applying: the coordinator can start and send its application.
    skane = Organisation.objects.get(code="12")
    Diploma.objects.create(organisation=skane, kind=diploma_kind_for(skane))
