"""An organisation's purchasing goals and the figures it reports, year by year."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Category, Figure, Goal
from ..models.goals import FIRST_YEAR

GOAL_YEARS_AHEAD = 10


class _OrganisationYearForm(forms.ModelForm):
    """A row of one organisation: the year is checked against sensible bounds, and a second
    row for the same year and category is a message on the form, not a database error."""

    unique_fields: tuple[str, ...] = ()
    duplicate_message = ""
    last_year_ahead = 0

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation
        self.fields["category"].queryset = Category.objects.order_by("number", "code")
        this_year = timezone.localdate().year
        last = this_year + self.last_year_ahead
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Year"),
            choices=[(year, year) for year in range(last, FIRST_YEAR - 1, -1)],
            coerce=int,
            initial=self.instance.year or this_year - (0 if self.last_year_ahead else 1),
            error_messages={
                "invalid_choice": _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": last}
            },
        )

    def clean(self):
        data = super().clean()
        values = {name: data.get(name) for name in self.unique_fields}
        if all(value not in (None, "") for value in values.values()):
            clash = self._meta.model.objects.filter(organisation=self.organisation, **values)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(self.duplicate_message)
        return data

    def validate_unique(self):
        # clean() said it in words; the database constraint stays the guard.
        pass


class GoalForm(_OrganisationYearForm):
    unique_fields = ("year", "category", "measure", "basis")
    duplicate_message = _(
        "There is already a goal for this year, category and measure: change that one instead."
    )
    last_year_ahead = GOAL_YEARS_AHEAD

    class Meta:
        model = Goal
        fields = ["year", "category", "measure", "basis", "target", "note"]
        widgets = {"measure": forms.RadioSelect, "basis": forms.RadioSelect}


class FigureForm(_OrganisationYearForm):
    unique_fields = ("year", "category", "measure")
    duplicate_message = _(
        "Figures for this year, category and measure are already reported: change them instead."
    )

    class Meta:
        model = Figure
        fields = ["year", "category", "measure", "total", "with_requirements", "certified"]
        widgets = {"measure": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("total", "with_requirements", "certified"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "step": "1"})


class PublicationForm(forms.Form):
    published = forms.BooleanField(
        label=_("Show our goals and figures on our public profile"), required=False
    )
