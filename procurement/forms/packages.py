"""The requirement builder's choice (categories, levels, single IDs, language), saving it as a
package, and changing a saved package."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import Level, Package, PackageItem, Requirement
from ..selectors import packages as selectors

IDENTIFIER = re.compile(r"^FT-[A-Z]{3}-[0-9]{3}$")


class IdentifierInput(forms.TextInput):
    """Reads ``?id=FT-KAF-001&id=FT-KAF-002`` (the library's links) as well as one typed line."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return " ".join(value for value in data.getlist(name) if value)
        return data.get(name, "")


class IdentifierListField(forms.CharField):
    widget = IdentifierInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 4000)
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        text = super().clean(value) or ""
        identifiers = list(dict.fromkeys(p.upper() for p in re.split(r"[\s,;]+", text) if p))
        malformed = [i for i in identifiers if not IDENTIFIER.match(i)]
        if malformed:
            raise forms.ValidationError(
                _("%(ids)s is not a requirement ID. An ID looks like FT-KAF-003."),
                params={"ids": ", ".join(malformed[:5])},
            )
        unknown = selectors.identifiers_unknown(identifiers)
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "No requirement in the library has the ID %(ids)s.",
                    "No requirements in the library have the IDs %(ids)s.",
                    len(unknown),
                ),
                params={"ids": ", ".join(unknown[:10])},
            )
        return identifiers


def _too_many(count: int) -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "That is %(count)s requirements; a package holds at most %(max)s. Choose fewer "
            "categories or levels."
        ),
        params={"count": count, "max": selectors.MAX_REQUIREMENTS},
    )


class BuilderForm(forms.Form):
    """Read from the query string, so every choice – and its downloads – is a link."""

    category = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=selectors.builder_categories(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("%(value)s is not one of the categories.")},
    )
    level = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The requirements of exactly the levels you tick; tick none for every level. "
            "Advanced does not include basic: tick both to get both."
        ),
        error_messages={"invalid_choice": _("%(value)s is not one of the levels.")},
    )
    id = IdentifierListField(
        label=_("Single requirements"),
        help_text=_("Requirement IDs from the library, separated by spaces, e.g. FT-KAF-003."),
    )
    language = forms.ChoiceField(
        label=_("Language of the package"), choices=settings.LANGUAGES, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "sv")[:2]
        self.requirements: list[Requirement] = []

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or (get_language() or "sv")[:2]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.requirements = selectors.requirements_chosen(
            categories=list(data.get("category") or []),
            levels=data.get("level") or [],
            identifiers=data.get("id") or [],
        )
        if len(self.requirements) > selectors.MAX_REQUIREMENTS:
            raise _too_many(len(self.requirements))
        return data

    @property
    def versions(self):
        return [requirement.current for requirement in self.requirements]

    @property
    def chosen(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.requirements)


class PackageSaveForm(forms.Form):
    """Saving what the builder shows: the IDs it listed travel with the form, so the package
    holds exactly what the coordinator saw."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        empty_label=None,
        error_messages={
            "invalid_choice": _("You can save packages only for an organisation you coordinate.")
        },
    )
    name = forms.CharField(
        label=_("Name of the procurement"),
        max_length=200,
        help_text=_("As it reads in the tender papers, e.g. Kaffe och te till skolorna 2027."),
    )
    procurement_date = forms.DateField(
        label=_("Date of the procurement"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the tender is published (optional)."),
    )
    requirements = IdentifierListField(widget=forms.HiddenInput)
    language = forms.ChoiceField(choices=settings.LANGUAGES, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        # Its own ids: the builder's form on the same page has a language field too.
        kwargs.setdefault("auto_id", "save_%s")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_to_save_for(user)
        self.chosen_requirements: list[Requirement] = []

    def clean(self):
        data = super().clean()
        identifiers = data.get("requirements") or []
        if "requirements" in data and not identifiers:
            raise forms.ValidationError(_("Choose at least one requirement first."))
        if len(identifiers) > selectors.MAX_REQUIREMENTS:
            raise _too_many(len(identifiers))
        if identifiers:
            found = {
                r.identifier: r for r in selectors.requirements_chosen(identifiers=identifiers)
            }
            self.chosen_requirements = [found[i] for i in identifiers if i in found]
        return data


class PackageChangeForm(forms.ModelForm):
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove from the package"),
        queryset=PackageItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    add = IdentifierListField(
        label=_("Add requirements"),
        help_text=_("Requirement IDs from the library, separated by spaces, e.g. FT-KAF-003."),
    )

    class Meta:
        model = Package
        fields = ["name", "procurement_date", "language"]
        labels = {"name": _("Name of the procurement")}
        widgets = {"procurement_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, items: list[PackageItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["remove"].queryset = PackageItem.objects.filter(
            package=self.instance
        ).select_related("version__requirement")
        self.fields["remove"].label_from_instance = lambda item: str(item.version)
        self.added: list[Requirement] = []

    def clean(self):
        data = super().clean()
        identifiers = data.get("add") or []
        self.added = selectors.requirements_chosen(identifiers=identifiers) if identifiers else []
        present = {item.requirement_id for item in self.items}
        removed = {item.pk for item in data.get("remove") or []}
        count = len(self.items) - len(removed) + len([r for r in self.added if r.pk not in present])
        if count > selectors.MAX_REQUIREMENTS:
            raise _too_many(count)
        if count == 0:
            raise forms.ValidationError(_("A package holds at least one requirement."))
        return data
