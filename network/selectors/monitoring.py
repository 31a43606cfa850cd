"""Reads of monitoring: only published items are ever listed."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import MonitoringItem


def published_items(*, theme: str = "") -> QuerySet[MonitoringItem]:
    items = MonitoringItem.objects.filter(status=MonitoringItem.Status.PUBLISHED)
    if theme:
        items = items.filter(theme=theme)
    return items.order_by("-published_on", "-id")
