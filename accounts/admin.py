from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_widgets import AccessibleAdminMixin, EnabledPasswordHashWidget

from .models import TwoFactorMethod, User


class UserChangeForm(BaseUserChangeForm):
    """Django's form, with the password summary as valid HTML (see EnabledPasswordHashWidget)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = EnabledPasswordHashWidget()


@admin.register(User)
class UserAdmin(AccessibleAdminMixin, BaseUserAdmin):
    form = UserChangeForm
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
class TwoFactorMethodAdmin(AccessibleAdminMixin, AuthenticatorAdmin):
    pass


# Django's groups, with the permissions as checkboxes: the filter_horizontal widget puts
# aria-label on a role-less <span> (axe-core: aria-prohibited-attr).
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AccessibleAdminMixin, BaseGroupAdmin):
    filter_horizontal = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "permissions":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)
