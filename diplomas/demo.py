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
        description="member of Malmö's local group",
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
    _demo_paused_diploma()
    _demo_register()
    logins.append(_demo_coordinator_request())
    _demo_carried_over_report()
    _demo_personal_data()
    _demo_of_other_apps()
    return logins


def _demo_of_other_apps() -> None:
    """The intranet's and the procurement guidance's demo data, each kept beside its app.
    Imported here, not at the top: those apps build on this one."""
    from network.demo.directory import load_directory_demo
    from network.demo.discussions import load_discussions
    from network.demo.events import load_events
    from network.demo.examples import load_good_examples_and_monitoring
    from network.demo.groups import load_groups
    from network.demo.news import load_news
    from network.demo.resources import load_resources
    from procurement.demo_followup import load_demo_followup
    from procurement.demo_goals import load_demo_goals
    from procurement.demo_packages import load_demo_packages

    for load in (
        load_news,
        load_resources,
        load_good_examples_and_monitoring,
        load_directory_demo,
        load_demo_packages,
        load_demo_goals,
        load_demo_followup,
        load_groups,
        load_events,  # after the groups: one event is the samverkansgrupp's
        load_discussions,
    ):
        load()


def _demo_personal_data() -> None:
    """The demo member has a ready export of their personal data on Mitt konto → Dina
    personuppgifter (built here, as the job would; the link is also in var/mail/)."""
    import datetime as dt
    import secrets

    from django.conf import settings
    from django.utils import timezone

    from accounts.models import DataExport
    from accounts.services import data_export_build

    user = User.objects.filter(email="medlem@demo.example").first()
    if user is None or DataExport.objects.filter(user=user, expires_at__gt=timezone.now()).exists():
        return
    export = DataExport.objects.create(
        user=user,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + dt.timedelta(days=settings.DATA_EXPORT_VALID_DAYS),
    )
    data_export_build(export_id=export.pk)


def _demo_paused_diploma() -> None:
    """One vilande diploma, so the listing and the map show what a paused diploma looks like
    (Kristianstad; made up, like every demo diploma). Done once: never again after a change."""
    from .models import Diploma, DiplomaStatusChange
    from .services import diploma_change_status

    diploma = Diploma.objects.filter(organisation__code="1290").first()
    if (
        diploma is None
        or DiplomaStatusChange.objects.filter(
            diploma=diploma, to_status=Diploma.Status.PAUSED
        ).exists()
    ):
        return
    if diploma.status == Diploma.Status.DIPLOMATED:
        diploma_change_status(
            diploma=diploma,
            to_status=Diploma.Status.PAUSED,
            by=User.objects.filter(is_staff=True).first(),
            reason="Demo: the local group is being formed again",
        )


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
        change = DiplomaStatusChange.objects.create(
            diploma=diploma,
            from_status=Diploma.Status.APPLYING,
            to_status=Diploma.Status.DIPLOMATED,
            reason="Demo: application approved",
            changed_by=staff,
        )
        # The statistics count from the history: it must carry the real date (changed_at is
        # auto_now_add, so only an update can set it).
        _date_change(change, since)
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


def _date_change(change, day) -> None:
    from .services import status_change_date

    status_change_date(change=change, day=day)


# Made-up changes of status for the demo, so the statistics show a diploma that became vilande
# and one that left: (code, status, months before 1 January of this year).
DEMO_STATUS_CHANGES = [
    ("1283", "paused", 9),  # Helsingborg becomes vilande in the spring of last year
    ("1780", "withdrawn", 4),  # Karlstad leaves in the autumn of last year
]


def _demo_register() -> None:
    """What the public register shows of the demo: a vilande and a withdrawn diploma with dated
    history, Malmö's website, public contact and the dates its yearly reports were approved."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from .models import Diploma, DiplomaStatusChange, Submission
    from .services import diploma_change_status

    staff = User.objects.filter(is_staff=True).first()
    today = dt.date.today()
    for code, status, months in DEMO_STATUS_CHANGES:
        diploma = Diploma.objects.filter(organisation__code=code).first()
        if diploma is None or diploma.status != Diploma.Status.DIPLOMATED:
            continue
        if diploma.status_changes.filter(to_status=status).exists():
            continue
        day = dt.date(today.year - 1, 12 - months + 1, 1)
        if diploma.diplomated_since and day <= diploma.diplomated_since:
            continue
        diploma_change_status(
            diploma=diploma,
            to_status=status,
            by=staff,
            reason="Demo: vilande på egen begäran"
            if status == "paused"
            else "Demo: lämnade nätverket",
        )
        _date_change(DiplomaStatusChange.objects.filter(diploma=diploma).first(), day)

    malmo = Organisation.objects.get(code="1280")
    if not malmo.website:
        malmo.website = "https://malmo.se/"
        malmo.public_email = "fairtrade@malmo.example"
        malmo.save(update_fields=["website", "public_email"])
    zone = ZoneInfo(settings.TIME_ZONE)
    for submission in Submission.objects.filter(
        organisation=malmo, status=Submission.Status.APPROVED, decided_at=None
    ):
        # Approved in the spring after the year it reports on.
        decided = dt.datetime(submission.year + 1, 3, 20, 10, tzinfo=zone)
        Submission.objects.filter(pk=submission.pk).update(
            submitted_at=decided - dt.timedelta(days=20), decided_at=decided
        )


DEMO_APPLICANT = DemoPerson(
    email="ny@demo.example",
    name="Nora Ny",
    description="asks to become coordinator of Kiruna (staff decide in the admin)",
)


def _demo_coordinator_request() -> DemoLogin:
    """A person who signed up and asks to become coordinator of Kiruna, which has no diploma
    yet: the admin's *Coordinator requests* shows one waiting."""
    from .models import CoordinatorRequest
    from .services import coordinator_request_create

    person = DEMO_APPLICANT
    user = User.objects.filter(email=person.email).first()
    if user is None:
        user = User.objects.create_user(
            email=person.email, password=DEMO_PASSWORD, name=person.name
        )
    EmailAddress.objects.get_or_create(
        user=user, email=person.email, defaults={"verified": True, "primary": True}
    )
    if not CoordinatorRequest.objects.filter(user=user).exists():
        coordinator_request_create(
            user=user,
            organisation=Organisation.objects.get(code="2584"),
            role="Demo: miljöstrateg",
            motivation=(
                "Demo: kommunstyrelsen vill att Kiruna blir Fairtrade City. Jag samordnar "
                "kommunens hållbarhetsarbete och vill leda arbetsgruppen."
            ),
        )
    return DemoLogin(email=person.email, description=person.description)


def _demo_carried_over_report() -> None:
    """Malmö's yearly report under way, started from its last approved answers: each carried
    over until the coordinator confirms or changes it. Started once; kept as it is after."""
    from .models import Diploma, Submission
    from .services import submission_start

    malmo = Organisation.objects.filter(code="1280").first()
    coordinator = User.objects.filter(email="samordnare@demo.example").first()
    diploma = Diploma.objects.filter(organisation=malmo).first()
    if malmo is None or coordinator is None or diploma is None:
        return
    if diploma.status != Diploma.Status.DIPLOMATED or not diploma.next_report_due:
        return
    if Submission.objects.filter(
        organisation=malmo,
        kind=Submission.Kind.YEARLY_REPORT,
        year=diploma.next_report_due.year - 1,
    ).exists():
        return
    submission_start(organisation=malmo, by=coordinator)
