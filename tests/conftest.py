"""Shared fixtures: the personas every test uses, and the test environment.

Personas (one organisation each unless said):
- anonymous: the ``client`` fixture as it comes;
- member: Mats, a member (reads) of Malmö;
- coordinator: Sara, coordinator of Malmö;
- other_coordinator: Olle, coordinator of Lund – must be refused everything of Malmö's;
- staff: Pia, Fairtrade Sverige staff with two-factor turned on.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from diplomas.models import County, Membership, Organisation
from fairtrade_portal.celery import app as celery_app

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config):
    """New passwords are hashed with MD5 in the tests: Django's PBKDF2 takes most of a second
    per password by design, and the suite makes and logs in thousands of people. PBKDF2 stays
    in the list, so a hash made with it still checks. Production keeps Django's default; the
    processes the suite starts (gunicorn, workers, make run) log nobody in by a password the
    suite set."""
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *global_settings.PASSWORD_HASHERS,
    ]


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.REDIS_URL or settings.CELERY_BROKER_URL
    return [
        f"database: {engine} ({settings.DATABASES['default'].get('HOST') or 'local file'})",
        f"broker: {broker}",
    ]


@pytest.fixture(scope="session", autouse=True)
def _static_files(tmp_path_factory):
    """The manifest static storage needs collected files to render any page."""
    root = tmp_path_factory.mktemp("static")
    settings.STATIC_ROOT = root
    call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture(autouse=True)
def _swedish_first():
    """Each test starts in the default language; a request to /en/ activates English for the
    rest of the thread, which would leak into the next test's reverse()."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded evidence and rendered PDFs go to a temporary folder, not var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Unit tests run tasks where they are queued; tests of the real worker start their own."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages are rendered for every request in the tests: a test that changes rows with the ORM
    inside its transaction (whose on_commit never runs) would otherwise read a stored page.
    tests/test_page_cache.py turns the cache on with the ``page_cache`` fixture."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def page_cache(settings):
    """The public page cache, on, in a cache of the test's own."""
    import uuid

    own = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    settings.CACHES = {"default": own, "pages": own}
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def on_postgresql():
    assert connection.vendor == "postgresql", "the suite must run on PostgreSQL"


def make_county(code: str = "12", name: str = "Skåne län") -> County:
    return County.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_organisation(code: str, name: str, *, population: int = 50_000, **extra) -> Organisation:
    county = make_county(code[:2], extra.pop("county_name", "Skåne län"))
    kind = Organisation.Kind.MUNICIPALITY if len(code) == 4 else Organisation.Kind.REGION
    return Organisation.objects.create(
        code=code,
        kind=kind,
        name=name,
        official_name=f"{name} kommun" if kind == Organisation.Kind.MUNICIPALITY else name,
        slug=name.lower().replace(" ", "-").replace("ö", "o").replace("å", "a").replace("ä", "a"),
        county=county,
        population=population,
        population_year=2024,
        **extra,
    )


def make_user(email: str, name: str, **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, name=name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def malmo(db) -> Organisation:
    return make_organisation("1280", "Malmö", population=362_133)


@pytest.fixture
def lund(db) -> Organisation:
    return make_organisation("1281", "Lund", population=129_000)


@pytest.fixture
def member(malmo) -> User:
    user = make_user("mats@malmo.example", "Mats Medlem")
    Membership.objects.create(user=user, organisation=malmo, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def coordinator(malmo) -> User:
    user = make_user("sara@malmo.example", "Sara Samordnare")
    Membership.objects.create(user=user, organisation=malmo, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def other_coordinator(lund) -> User:
    user = make_user("olle@lund.example", "Olle Annan")
    Membership.objects.create(user=user, organisation=lund, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def staff(db) -> User:
    user = make_user("pia@fairtrade.example", "Pia Personal", is_staff=True, is_superuser=True)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture
def network(malmo, lund) -> list[Organisation]:
    """Malmö diplomated and Lund applying: the members of both read the intranet (network/).
    Without it the personas' organisations have no diploma and are outside the network."""
    import datetime as dt

    from diplomas.models import Diploma, DiplomaKind

    Diploma.objects.create(
        organisation=malmo,
        kind=DiplomaKind.CITY,
        status=Diploma.Status.DIPLOMATED,
        diplomated_since=dt.date(2008, 6, 1),
    )
    Diploma.objects.create(organisation=lund, kind=DiplomaKind.CITY)
    return [malmo, lund]


@pytest.fixture
def outsider(db) -> User:
    """Logged in, but a member of no organisation of the network."""
    return make_user("ulla@utanfor.example", "Ulla Utanför")


@pytest.fixture
def empty_library(db):
    """For tests that make their own requirements (tests/procurement/factories.py): the starter
    library that migration 0005 loads holds the same IDs and codes, so it goes first."""
    from procurement.models import Category, Reference, Requirement

    Requirement.objects.update(current=None)
    Requirement.objects.all().delete()
    Reference.objects.all().delete()
    Category.objects.all().delete()


@pytest.fixture
def own_cache(settings):
    """A cache of the test's own: rate limits count in the cache, which is Redis in the test run
    and outlives a test (and other tests, the fuzz test say, answer the same forms)."""
    import uuid

    own = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    # The page cache's alias too: a change still bumps its data version after the commit.
    settings.CACHES = {"default": own, "pages": own}


def log_in_counted(client, user) -> None:
    """Log in for a test that counts a page's queries: as if the person had already been here
    a minute ago this session, so the page runs no query to note the visit
    (network.middleware, at most once every few minutes per session)."""
    import time

    from network.middleware import SESSION_KEY

    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = {"at": int(time.time()), "since": time.time() - 86_400}
    session.save()


PERSONAS = ["anonymous", "member", "coordinator", "other_coordinator", "staff"]


@pytest.fixture
def persona_client(client, request):
    """A test client logged in as the persona named by the test's parameter."""

    def login_as(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login_as


@pytest.fixture
def criteria(db):
    """Today's criteria, fee tiers and deadlines, as the data migration seeds them. (Tests on a
    transactional database flush the seeded rows; this puts them back.)"""
    from django.apps import apps

    from diplomas.seeds import seed

    seed(apps)


@pytest.fixture
def mailoutbox_languages():
    from django.core import mail

    def languages():
        return [(m.to[0], m.subject) for m in mail.outbox]

    return languages
