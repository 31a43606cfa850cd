"""The requirement library's filters: category, level, kind, reference and a search."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.search import search

from ..models import Category, Level, Reference, Requirement, RequirementKind


class CategoryChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ReferenceChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.title}"


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class ReferenceFilter(django_filters.ModelChoiceFilter):
    field_class = ReferenceChoiceField


class RequirementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    category = CategoryFilter(
        label=_("Category"),
        field_name="categories",
        queryset=Category.objects.filter(published=True),
        to_field_name="slug",
        empty_label=_("All categories"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="current__level", choices=Level.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="current__kind",
        choices=RequirementKind.choices,
        empty_label=_("All"),
    )
    reference = ReferenceFilter(
        label=_("Reference"),
        field_name="current__references",
        queryset=Reference.objects.all(),
        to_field_name="code",
        empty_label=_("All references"),
    )

    class Meta:
        model = Requirement
        fields = ["q", "category", "level", "kind", "reference"]

    def search(self, queryset, name, value):
        if not (value or "").strip():
            return queryset
        return search(queryset, value)
