"""The requirement library is searched with the portal's Swedish search."""

import pytest

from fairtrade_portal.search import search
from procurement.models import Category, Level, Requirement, RequirementKind, RequirementVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_library")]


def requirement(identifier: str, title: str, text: str = "") -> Requirement:
    category = Category.objects.get_or_create(
        code="KAF",
        defaults={
            "slug": "kaffe",
            "name_sv": "Kaffe",
            "description_sv": "-",
            "risks_sv": "-",
            "labels_sv": "-",
        },
    )[0]
    req = Requirement.objects.create(identifier=identifier)
    req.categories.add(category)
    req.current = RequirementVersion.objects.create(
        requirement=req,
        number=1,
        level=Level.BASIC,
        kind=RequirementKind.SPECIFICATION,
        title_sv=title,
        text_sv=text or title,
        evidence_sv="Märkning",
        rationale_sv="-",
    )
    req.save()
    req.search_refresh()
    return req


def test_a_part_of_a_compound_word_finds_the_requirement(on_postgresql):
    wanted = requirement("FT-KAF-001", "Upphandlingskrav för kaffe")
    requirement("FT-KAF-002", "Leverantörens uppförandekod", "Ordentliga arbetsvillkor")
    assert list(search(Requirement.objects.all(), "krav")) == [wanted]


def test_an_inflected_form_finds_the_requirement_through_the_stemmer(on_postgresql):
    wanted = requirement("FT-KAF-003", "Avtal om långsiktiga handelsrelationer")
    assert list(search(Requirement.objects.all(), "avtalen")) == [wanted]
