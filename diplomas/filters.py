import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from .models import County, Diploma, DiplomaKind

PUBLIC_STATUS_CHOICES = [
    (Diploma.Status.DIPLOMATED.value, Diploma.Status.DIPLOMATED.label),
    (Diploma.Status.PAUSED.value, Diploma.Status.PAUSED.label),
]


class DiplomaListingFilter(django_filters.FilterSet):
    """The public listing: filter by kind, county, status, year diplomated; search by name."""

    q = django_filters.CharFilter(label=_("Search by name"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Diploma"), choices=DiplomaKind.choices, empty_label=_("All")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        field_name="organisation__county",
        queryset=County.objects.order_by("name"),
        to_field_name="code",  # ?county=12 is Skåne by its SCB code: stable open-data URLs
        empty_label=_("All counties"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PUBLIC_STATUS_CHOICES, empty_label=_("All")
    )
    year = django_filters.NumberFilter(
        label=_("Diplomated in year"),
        field_name="diplomated_since",
        lookup_expr="year",
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("organisation__name", "name"),
            ("diplomated_since", "since"),
            ("organisation__population", "population"),
            ("organisation__county__name", "county"),
        ),
        field_labels={
            "name": _("Name"),
            "since": _("Diplomated since"),
            "population": _("Population"),
            "county": _("County"),
        },
        empty_label=_("Name"),
    )

    class Meta:
        model = Diploma
        fields = ["q", "kind", "county", "status", "year"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(organisation__name__icontains=value) | Q(organisation__official_name__icontains=value)
        )

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by("organisation__name")
        return queryset.annotate(since_year=ExtractYear("diplomated_since"))
