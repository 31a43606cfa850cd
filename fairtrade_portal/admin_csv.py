"""An admin action that exports the selected rows as CSV, with the list's columns."""

import csv
import datetime as dt
from decimal import Decimal

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): text
# that people typed (a comment, a title, a supplier's name) is written with a leading
# apostrophe instead, which the spreadsheet shows as the text itself. Numbers are left alone.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value) -> str:
    """As a person reading the sheet expects it: local time to the second, yes or no, and
    text that cannot run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return spreadsheet_safe(str(value))


@admin.action(description=_("Export the selected rows as CSV"))
def export_csv(modeladmin, request, queryset):
    fields = [f for f in modeladmin.get_list_display(request) if f != "action_checkbox"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(str(modeladmin.model._meta.verbose_name_plural))
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    headers = []
    for field in fields:
        attr = getattr(modeladmin, field, None)
        if attr is not None and hasattr(attr, "short_description"):
            headers.append(str(attr.short_description))
        else:
            try:
                headers.append(str(modeladmin.model._meta.get_field(field).verbose_name))
            except Exception:  # noqa: BLE001 - a computed column without a model field
                headers.append(field)
    writer.writerow(headers)
    for obj in queryset:
        row = []
        for field in fields:
            attr = getattr(modeladmin, field, None)
            if callable(attr):
                value = attr(obj)
            else:
                value = getattr(obj, f"get_{field}_display", None)
                value = value() if value else getattr(obj, field)
            row.append(_cell(value))
        writer.writerow(row)
    return response
