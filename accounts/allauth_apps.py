"""django-allauth's apps under the portal's names (kept apart from accounts/apps.py, where a
second AppConfig would stop Django choosing the accounts app's own)."""

from allauth.account.apps import AccountConfig
from django.utils.translation import gettext_lazy as _


class EmailAddressesConfig(AccountConfig):
    """allauth's account app holds only the email addresses: named so, the admin does not show
    two sections called "Accounts"."""

    verbose_name = _("Email addresses")
