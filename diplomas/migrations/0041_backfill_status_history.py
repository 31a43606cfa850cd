"""Complete the history of status changes, which the statistics count from.

Diplomas entered before the history was kept (or by the demo, which dated every change on the
day it was loaded) lack the change that made them diplomated. For each such diploma this adds
an "applying → diplomated" change dated on its *diplomated since* day, at noon Swedish time so
the year is right in every time zone. Where the history's last change does not end in the
diploma's current status, a change to it is added, dated now: when it really happened is not
known, and now is the first moment the register can vouch for it. Both carry a reason that
says they were added afterwards (in Swedish, the register's language, like every reason).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.utils import timezone

AWARD_REASON = (
    "Efterhandsregistrerad: diplomerad sedan %s enligt registret; ändringen saknades i historiken."
)
CURRENT_REASON = (
    "Efterhandsregistrerad: status när historiken kompletterades; när ändringen skedde är "
    "inte känt."
)


def backfill(apps, schema_editor):
    Diploma = apps.get_model("diplomas", "Diploma")
    DiplomaStatusChange = apps.get_model("diplomas", "DiplomaStatusChange")
    zone = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()

    def add(diploma, from_status, to_status, reason, at):
        change = DiplomaStatusChange.objects.create(
            diploma=diploma, from_status=from_status, to_status=to_status, reason=reason
        )
        # changed_at is auto_now_add: only an update can give it a date in the past.
        DiplomaStatusChange.objects.filter(pk=change.pk).update(changed_at=at)
        return (at, change.pk, to_status)

    for diploma in Diploma.objects.order_by("pk"):
        history = [
            (change.changed_at, change.pk, change.to_status)
            for change in DiplomaStatusChange.objects.filter(diploma=diploma)
        ]
        since = diploma.diplomated_since
        if since is not None and diploma.status != "applying":
            awarded = any(
                status == "diplomated" and at.astimezone(zone).date() <= since
                for at, _pk, status in history
            )
            if not awarded:
                noon = dt.datetime.combine(since, dt.time(12), tzinfo=zone)
                history.append(
                    add(diploma, "applying", "diplomated", AWARD_REASON % since.isoformat(), noon)
                )
        history.sort()
        last = history[-1][2] if history else ""
        if last != diploma.status:
            add(diploma, last, diploma.status, CURRENT_REASON, now)


def remove_backfilled(apps, schema_editor):
    DiplomaStatusChange = apps.get_model("diplomas", "DiplomaStatusChange")
    DiplomaStatusChange.objects.filter(reason__startswith="Efterhandsregistrerad:").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diplomas", "0040_organisation_search_name"),
    ]

    operations = [
        migrations.RunPython(backfill, remove_backfilled),
    ]
