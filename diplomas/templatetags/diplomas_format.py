"""How the portal writes the values a criterion is checked against: with their unit, so a
share reads "57,1 %" and not "57,10"."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


def format_measure(value, *, percent: bool) -> str:
    """A number in the reader's locale without trailing zeros, with " %" for a share."""
    if value is None:
        return "–"
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    text = formats.number_format(number, use_l10n=True)
    # A no-break space keeps the number and its sign on one line.
    return _("%(value)s %%") % {"value": text} if percent else text


@register.filter
def check_value(check) -> str:
    """The value a CriterionCheck found, with its unit."""
    return format_measure(check.value, percent=check.is_percent)


@register.filter
def check_threshold(check) -> str:
    """The least value a CriterionCheck asks for, with its unit."""
    return format_measure(check.threshold, percent=check.is_percent)


@register.filter
def percent(value) -> str:
    """A share (0–100) as "57,1 %"."""
    return format_measure(value, percent=True)
