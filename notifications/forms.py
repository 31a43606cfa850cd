from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import OPTIONAL_KINDS, EmailKind


def offered_kinds() -> list[EmailKind]:
    """The optional kinds some part of the portal sends today (event and follow-up reminders
    appear once their apps register a source)."""
    sent = registry.kinds_sent()
    return [kind for kind in OPTIONAL_KINDS if kind in sent]


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
