from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import TwoFactorMethod, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "language"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]
    # Set by the login and the sign-up; shown, never edited. (Editable, they would also use
    # Django's split date/time widget, whose two inputs have no label of their own.)
    readonly_fields = ["last_login", "date_joined"]
    # Groups as checkboxes: the filter_horizontal widget puts aria-label on a role-less <span>,
    # which screen readers may ignore (axe-core: aria-prohibited-attr).

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# allauth's own admin of authenticators stands in a section named "MFA"; the portal shows them
# beside the accounts, in its own words (one word for each thing).
admin.site.unregister(Authenticator)


@admin.register(TwoFactorMethod)
class TwoFactorMethodAdmin(AuthenticatorAdmin):
    # A method's kind and secret are set by its owner turning two-factor authentication on;
    # staff only remove one (a lost phone). Edited here, a kind that does not match its data
    # broke the method's own admin page (KeyError, found by tests/security/test_fuzz_forms.py).
    readonly_fields = ["user", "type", "data", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
