"""The quick start's demo package: built from the library, loaded twice without change."""

import pytest

from diplomas.models import Membership
from procurement.demo_packages import DEMO_PACKAGE, load_demo_packages
from procurement.models import Level, Package
from tests.conftest import make_user

from .factories import new_version, requirement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_library")]


def test_the_demo_package_is_saved_once_and_shows_a_newer_version(malmo):
    sara = make_user("samordnare@demo.example", "Sara Samordnare")
    Membership.objects.create(user=sara, organisation=malmo, role=Membership.Role.COORDINATOR)
    cocoa = requirement("FT-KAK-001", level=Level.ADVANCED)
    new_version(cocoa)
    requirement("FT-KAK-002", level=Level.BASIC)
    assert load_demo_packages() is not None
    load_demo_packages()
    package = Package.objects.get()
    assert package.name == DEMO_PACKAGE and package.organisation == malmo
    items = list(package.items.all())
    assert [i.requirement.identifier for i in items] == ["FT-KAK-001"]
    assert items[0].outdated


def test_without_a_library_the_demo_adds_no_package(malmo):
    sara = make_user("samordnare@demo.example", "Sara Samordnare")
    Membership.objects.create(user=sara, organisation=malmo, role=Membership.Role.COORDINATOR)
    assert load_demo_packages() is None
    assert not Package.objects.exists()
