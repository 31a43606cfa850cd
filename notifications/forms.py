from django import forms
from django.utils.translation import gettext_lazy as _

from .services import offered_kinds


class EmailPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me these emails"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Notices you must get – an overdue yearly report, invitations, and messages about "
            "your account and its security – are always sent."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind.value, kind.label) for kind in offered_kinds()]
