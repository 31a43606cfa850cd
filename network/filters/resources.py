"""The resource list's search box and filters; they combine (all must hold)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from diplomas.models import Organisation
from fairtrade_portal.search import matching

from ..models import Group, Resource, Tag
from ..selectors.groups import groups_for

# "link" is a resource without a file; images are one choice, whatever the extension.
FILE_TYPES = [
    ("pdf", "PDF"),
    ("word", _("Text document (DOCX, ODT, DOC)")),
    ("slides", _("Presentation (PPTX, ODP, PPT)")),
    ("sheet", _("Spreadsheet (XLSX, ODS, XLS)")),
    ("image", _("Image (PNG, JPG)")),
    ("link", _("Link")),
]
_EXTENSIONS = {
    "pdf": ["pdf"],
    "word": ["docx", "odt", "doc"],
    "slides": ["pptx", "odp", "ppt"],
    "sheet": ["xlsx", "ods", "xls"],
    "image": ["png", "jpg", "jpeg"],
}


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Resource.Category.choices, empty_label=_("All")
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        to_field_name="key",
        queryset=Tag.objects.filter(resources__isnull=False).distinct().order_by("key"),
        empty_label=_("All"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Shared by"),
        queryset=Organisation.objects.filter(resources__isnull=False).distinct().order_by("name"),
        to_field_name="slug",
        empty_label=_("All"),
    )
    # Only the groups the person is in are offered (a callable queryset gets the request).
    group = django_filters.ModelChoiceFilter(
        label=_("Group"),
        queryset=lambda request: groups_for(request.user) if request else Group.objects.none(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    file_type = django_filters.ChoiceFilter(
        label=_("File type"), choices=FILE_TYPES, empty_label=_("All"), method="by_file_type"
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def search(self, queryset, name, value):
        return matching(queryset, value)

    def by_file_type(self, queryset, name, value):
        if value == "link":
            return queryset.filter(file="")
        return queryset.filter(file_type__in=_EXTENSIONS.get(value, []))

    @property
    def qs(self):
        """The rows every filter and the search left; without a search the newest first. A
        search is ranked by the list (``fairtrade_portal.search.ranked_ids``), over these."""
        rows = super().qs
        words = self.form.cleaned_data.get("q") if self.is_bound and self.form.is_valid() else ""
        return rows if words else rows.order_by("-created_at", "-pk")
