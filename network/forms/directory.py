from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import DirectoryEntry


class DirectoryEntryForm(forms.ModelForm):
    class Meta:
        model = DirectoryEntry
        fields = ["title", "phone", "show_title", "show_phone", "show_email"]
        help_texts = {
            "phone": _("Optional, e.g. 040-34 10 00 or +46 40 34 10 00."),
            "show_email": _("The address you log in with."),
        }

    def clean(self):
        data = super().clean()
        if data.get("show_phone") and not data.get("phone"):
            self.add_error("phone", _("Write the phone number to show, or do not show it."))
        if data.get("show_title") and not data.get("title"):
            self.add_error("title", _("Write the title to show, or do not show it."))
        return data
