from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OPTIONAL_KINDS


class EmailPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me these emails"),
        choices=[(kind.value, kind.label) for kind in OPTIONAL_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Notices you must get – an overdue yearly report, invitations, and messages about "
            "your account and its security – are always sent."
        ),
    )
