from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from allauth.usersessions.admin import UserSessionAdmin as BaseUserSessionAdmin
from allauth.usersessions.models import UserSession
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fairtrade_portal.admin_widgets import AccessibleAdminMixin, EnabledPasswordHashWidget

from . import services
from .models import FORMER_MEMBER_EMAIL, TwoFactorMethod, User


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

    actions = ["erase_accounts"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A person deactivated by staff is logged out everywhere at once.
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.sessions_end(user=obj)

    @admin.action(description=_("Erase the selected accounts and their personal data"))
    def erase_accounts(self, request, queryset):
        users = list(queryset.exclude(email=FORMER_MEMBER_EMAIL).exclude(pk=request.user.pk))
        if request.POST.get("confirmed") != "yes":
            # Irreversible: staff see whom they are about to erase and confirm first.
            return TemplateResponse(
                request,
                "admin/accounts/user/erase_confirmation.html",
                {**self.admin_site.each_context(request), "opts": self.model._meta, "users": users},
            )
        erased = 0
        for user in users:
            services.account_erase(user=user)
            erased += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d account was erased; what belongs to the organisations now shows "
                "“former member”.",
                "%(count)d accounts were erased; what belongs to the organisations now shows "
                "“former member”.",
                erased,
            )
            % {"count": erased},
            messages.SUCCESS,
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# allauth's own admin of authenticators stands in a section named "MFA"; the portal shows them
# beside the accounts, in its own words (one word for each thing).
admin.site.unregister(Authenticator)


@admin.register(TwoFactorMethod)
class TwoFactorMethodAdmin(AccessibleAdminMixin, AuthenticatorAdmin):
    # A method's kind and secret are set by its owner turning two-factor authentication on;
    # staff only remove one (a lost phone). Edited here, a kind that does not match its data
    # broke the method's own admin page (KeyError, found by tests/security/test_fuzz_forms.py).
    readonly_fields = ["user", "type", "data", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False


# allauth's own admins of email addresses and sessions, with the portal's accessible widgets and
# a tampered selection answered with a message (tests/security/test_fuzz_forms.py); sessions
# are searched by the address (allauth's admin searches a username this portal has not).
admin.site.unregister(EmailAddress)
admin.site.unregister(UserSession)


@admin.register(EmailAddress)
class EmailAddressAdmin(AccessibleAdminMixin, BaseEmailAddressAdmin):
    pass


@admin.register(UserSession)
class UserSessionAdmin(AccessibleAdminMixin, BaseUserSessionAdmin):
    search_fields = ["user__email", "ip"]


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
