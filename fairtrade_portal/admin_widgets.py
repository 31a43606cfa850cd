"""Django's admin widgets, made to pass axe-core and the Nu Html Checker (EN 301 549: staff are
users too). Every ModelAdmin and inline of the portal mixes in ``AccessibleAdminMixin``.

Widgets render through the form renderer, which reads Django's own templates, not
``templates/``: what a template override cannot reach is fixed here, in the widget.
(``tests/e2e/test_admin_pages.py`` runs axe on every admin page, ``tests/test_crawl.py`` the
HTML checker.)
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class AutocompleteSelectWithEmptyOption(AutocompleteSelect):
    """The autocomplete's <select> with a named empty first option, also when required.

    HTML requires an empty first option of a required <select> that shows one row, and an
    option must not be empty of text; Django leaves the option out of a required field and
    leaves it blank in an optional one. The option's text is the field's name, and so is
    select2's placeholder: select2 names its combobox by the text it shows, so with nothing
    chosen (an add form) the combobox is still named (axe-core: aria-input-field-name), and
    static/js/admin_autocomplete.js names the text box inside it.
    """

    def placeholder(self) -> str:
        return capfirst(self.field.verbose_name)

    @property
    def media(self):
        # Right after Django's autocomplete.js (in one list: two lists added together would
        # leave the order of the two files free): names select2's text box by the field's label.
        media = super().media
        return forms.Media(js=[*media._js, "js/admin_autocomplete.js"], css=media._css)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = self.placeholder()
        return attrs

    def _is_key(self, value) -> bool:
        try:
            self.field.target_field.to_python(value)
        except ValidationError:
            return False
        return True

    def optgroups(self, name, value, attr=None):
        # A tampered value ("abc" for an id) is refused by the form; shown again, it must not
        # reach the database as a lookup (ValueError: Field 'id' expected a number).
        value = [v for v in value if v in (None, "") or self._is_key(v)]
        groups = super().optgroups(name, value, attr)
        if self.allow_multiple_selected:
            return groups
        options = groups[0][1]
        if not options or options[0]["value"] != "":
            options.insert(0, self.create_option(name, "", "", False, 0))
        options[0]["label"] = self.placeholder()
        for index, option in enumerate(options):
            option["index"] = str(index)
        return groups


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each named ("expires: date", "expires: time").

    Django labels only the date input (the field's <label for=…_0>); the time input has only
    the text "Time:" beside it, which is no label.
    """

    def __init__(self, label, attrs=None):
        super().__init__(attrs)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, part in zip(
            context["widget"]["subwidgets"], (_("date"), _("time")), strict=True
        ):
            subwidget["attrs"]["aria-label"] = f"{self.label}: {part}"
        return context


class EnabledPasswordHashWidget(ReadOnlyPasswordHashWidget):
    """The password summary on the user form, without ``disabled`` on its <div>: the field is
    disabled (never posted), but a <div> may not carry the attribute."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


def _label_list_editable(form: forms.ModelForm, fields) -> None:
    """Name each input of a list_editable row by its column and row ("published: 1. Om …"):
    the column header alone labels no input."""
    for name in fields:
        field = form.fields.get(name)
        if field is not None:
            field.widget.attrs["aria-label"] = f"{field.label}: {form.instance}"


class AccessibleAdminMixin:
    """For a ModelAdmin or an inline: widgets with names and valid HTML; a tampered action
    selection answered with a message, never a 500."""

    def response_action(self, request, queryset):
        key = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                key.to_python(value)
        except ValidationError:
            # Django's own words for an action without a valid selection.
            self.message_user(
                request,
                _(
                    "Items must be selected in order to perform actions on them. No items have "
                    "been changed."
                ),
                messages.WARNING,
            )
            return None  # the change list redirects to itself
        return super().response_action(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = AutocompleteSelectWithEmptyOption(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and type(formfield.widget) is AdminSplitDateTime:
            formfield.widget = LabelledSplitDateTime(formfield.label, formfield.widget.attrs)
        return formfield

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)
        editable = list(self.list_editable)

        class LabelledChangelistForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                _label_list_editable(self, editable)

        return LabelledChangelistForm


class ModelAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    pass


class TabularInline(AccessibleAdminMixin, admin.TabularInline):
    pass


class StackedInline(AccessibleAdminMixin, admin.StackedInline):
    pass
