"""The registration form on an event's page, and the events' forms in the admin."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from ..models import Event, Registration
from ..models.events import NEEDS_KEPT_DAYS


class RegistrationForm(forms.ModelForm):
    """Asks for dietary or accessibility needs only when the event is on site; says how long
    the answer is kept."""

    class Meta:
        model = Registration
        fields = ["needs"]
        widgets = {"needs": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        if event.online:
            del self.fields["needs"]
            return
        field = self.fields["needs"]
        field.required = False
        field.label = _("Dietary or accessibility needs (optional)")
        field.help_text = _(
            "For example food you cannot eat, or help you need to take part. Only the organisers "
            "see it. It is kept until %(days)s days after the event, then erased automatically."
        ) % {"days": NEEDS_KEPT_DAYS}


class EventAdminForm(forms.ModelForm):
    meeting_link = forms.URLField(
        label=_("meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("Shown only to the people registered."),
    )

    class Meta:
        model = Event
        fields = [
            "title_sv",
            "slug",
            "kind",
            "description_sv",
            "title_en",
            "description_en",
            "start",
            "end",
            "online",
            "meeting_link",
            "address",
            "capacity",
            "registration_deadline",
            "audience",
            "group",
        ]


class EmailRegisteredForm(forms.Form):
    """Staff's message to everyone registered for the chosen events."""

    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
