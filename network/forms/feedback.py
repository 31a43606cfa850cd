from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.feedback import COMMENT_MAX_LENGTH


class FeedbackForm(forms.Form):
    page = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What could be better? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "At most %(count)d characters. Read by Fairtrade Sverige; leave out names and "
            "contact details: this answer is anonymous."
        )
        % {"count": COMMENT_MAX_LENGTH},
    )
