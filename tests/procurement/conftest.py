import pytest

from procurement.models import Category, Reference, Requirement


@pytest.fixture
def empty_library(db):
    """For tests that make their own requirements (tests/procurement/factories.py): the starter
    library that migration 0005 loads holds the same IDs and codes, so it goes first."""
    Requirement.objects.update(current=None)
    Requirement.objects.all().delete()
    Reference.objects.all().delete()
    Category.objects.all().delete()
