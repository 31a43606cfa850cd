from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Emails later go out in the language the person signed up in.
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)
