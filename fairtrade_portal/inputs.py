"""Install the portal's input rules on every form field of their kind (issue 8).

Called once from ``PortalConfig.ready``. Setting them on Django's field classes – not on each
form – is deliberate: the portal's forms, django-allauth's (signup, login, add an address,
password reset), the admin's model forms, django-filter's and every form written later get the
same rules without anyone remembering them. ``tests/test_bad_input.py`` pins each.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.views.main import ChangeList
from django.db import models

from .validators import remove_control_characters, validate_sendable_email, validate_sensible_date

_installed = False


def _clean_text(original):
    def to_python(self, value):
        # Passwords are taken as typed: cleaning them would change what the person chose.
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = remove_control_characters(
                value, multiline=isinstance(self.widget, forms.Textarea)
            )
        return original(self, value)

    return to_python


def _tolerant_date_hierarchy(original):
    def get_filters(self, request):
        # The admin bounds a year by the next one (datetime(year + 1, …)), which does not exist
        # for 9999 (and a month past December 9999 overflows): a stored far date made its date
        # filter answer 500. Filtering by the year (month, day) itself gives the same rows.
        try:
            return original(self, request)
        except (ValueError, OverflowError):
            hierarchy, self.date_hierarchy = self.date_hierarchy, None
            try:
                return original(self, request)
            finally:
                self.date_hierarchy = hierarchy

    return get_filters


def _also(original, validator):
    # Each rule is added to the field class's ``run_validators`` method rather than to its
    # ``default_validators``: the admin imports forms (and creates their fields) before this
    # app is ready, and a method reaches the fields created before as well as after. It runs
    # after the field's own validators, so their messages (a malformed or overlong address)
    # come first.
    def run_validators(self, value):
        original(self, value)
        if value not in self.empty_values:
            validator(value)

    return run_validators


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    for field in (forms.EmailField, models.EmailField):
        field.run_validators = _also(field.run_validators, validate_sendable_email)
    forms.DateField.run_validators = _also(forms.DateField.run_validators, validate_sensible_date)
    forms.CharField.to_python = _clean_text(forms.CharField.to_python)
    ChangeList.get_filters = _tolerant_date_hierarchy(ChangeList.get_filters)
