import django_filters
from django import forms
from django.db.models.functions import ExtractYear
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairtrade_portal.search import normalise
from fairtrade_portal.widgets import QuickSelect

from .models import County, Diploma, DiplomaKind

PUBLIC_STATUS_CHOICES = [
    (Diploma.Status.DIPLOMATED.value, Diploma.Status.DIPLOMATED.label),
    (Diploma.Status.PAUSED.value, Diploma.Status.PAUSED.label),
]


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class LazyOrderingFilter(django_filters.OrderingFilter):
    """OrderingFilter builds its choices once, when the module is imported; its "(descending)"
    labels would stay in the language active then. These are translated when shown."""

    def build_choices(self, fields, labels):
        ascending = [(param, labels[field]) for field, param in fields.items()]
        descending = [
            (f"-{param}", format_lazy("{} ({})", label, pgettext_lazy("sort order", "descending")))
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


class DiplomaListingFilter(django_filters.FilterSet):
    """The public listing: filter by kind, county, status, year diplomated; search by name."""

    q = django_filters.CharFilter(label=_("Search by name"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Diploma"), choices=DiplomaKind.choices, empty_label=_("All"), widget=QuickSelect
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        field_name="organisation__county",
        queryset=County.objects.order_by("name"),
        to_field_name="code",  # ?county=12 is Skåne by its SCB code: stable open-data URLs
        empty_label=_("All counties"),
        widget=QuickSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PUBLIC_STATUS_CHOICES, empty_label=_("All"), widget=QuickSelect
    )
    year = YearFilter(
        label=_("Diplomated in year"),
        field_name="diplomated_since",
        lookup_expr="year",
        # Validated, not only hinted to the browser: the database cannot take a year outside
        # 1–9999, and a diploma older than the network does not exist.
        min_value=2000,
        max_value=2100,
    )
    sort = LazyOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("organisation__name", "name"),
            ("diplomated_since", "since"),
            ("organisation__population", "population"),
            ("organisation__county__name", "county"),
        ),
        field_labels={
            "organisation__name": _("Name"),
            "diplomated_since": _("Diplomated since"),
            "organisation__population": _("Population"),
            "organisation__county__name": _("County"),
        },
        # No empty choice: without ?sort= the listing is sorted by name, the first choice.
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Diploma
        fields = ["q", "kind", "county", "status", "year"]

    def search(self, queryset, name, value):
        # Accents and case do not matter: "goteborg" finds Göteborg, "MALMO" finds Malmö.
        value = normalise(value)
        if not value:
            return queryset
        return queryset.filter(organisation__search_name__contains=value)

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by("organisation__name")
        return queryset.annotate(since_year=ExtractYear("diplomated_since"))
