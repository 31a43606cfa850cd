from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from diplomas.selectors import is_network_member


class GroupMemberForm(forms.Form):
    """Add a person to a group by the email address of their account."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The address the person logs in with. They must be a member of the network."),
    )
    is_admin = forms.BooleanField(
        label=_("Group admin"),
        required=False,
        help_text=_("Group admins add and remove members."),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("No one has an account with this address. Ask them to create one first.")
            )
        if not is_network_member(user):
            raise ValidationError(
                _(
                    "This person is not a member of the network: only members of an "
                    "organisation with a diploma (or applying for one) can be in a group."
                )
            )
        return user
