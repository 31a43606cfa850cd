"""QuickSelect writes exactly what Django's select template writes, only faster."""

import pytest
from django import forms

from fairtrade_portal.widgets import QuickSelect

CHOICES = [("", "Alla"), ("12", "Skåne län"), ("14", 'Västra "Götalands" <län>')]
GROUPED = [("", "Alla"), ("Södra", [("12", "Skåne län"), ("10", "Blekinge län")])]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", ["", "12", None, "saknas"])
@pytest.mark.parametrize(
    "attrs", [{}, {"id": "id_county", "aria-describedby": "a b", "required": True, "x": False}]
)
def test_the_markup_is_the_same_as_djangos(choices, value, attrs):
    expected = forms.Select(choices=choices, attrs=attrs).render("county", value)
    assert QuickSelect(choices=choices, attrs=attrs).render("county", value) == expected
