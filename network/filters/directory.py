"""The member directory's filters (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from diplomas.models import County, Diploma, Organisation
from fairtrade_portal.search import normalise

NETWORK_STATUS_CHOICES = [
    (status.value, status.label)
    for status in (Diploma.Status.APPLYING, Diploma.Status.DIPLOMATED, Diploma.Status.PAUSED)
]


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search by name"), method="search", max_length=100)
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All counties"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="diploma__status",
        choices=NETWORK_STATUS_CHOICES,
        empty_label=_("All"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "county", "kind", "status"]

    def search(self, queryset, name, value):
        # Accents and case do not matter: "goteborg" finds Göteborg (Organisation.search_name).
        value = normalise(value)
        if not value:
            return queryset
        return queryset.filter(search_name__contains=value)
