"""Recording when a person was last on the portal (for "new since your last visit")."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..models import LastVisit

# A pause longer than this ends a visit: the next request starts a new one, and what is new is
# counted from the end of the previous visit.
VISIT_GAP = dt.timedelta(hours=1)
# For someone never seen before, "new" means the last month.
FIRST_VISIT_WINDOW = dt.timedelta(days=30)


@transaction.atomic
def visit_record(*, user, now: dt.datetime | None = None) -> LastVisit:
    """Note that ``user`` is here now, and return since when things count as new for them."""
    now = now or timezone.now()
    visit = LastVisit.objects.select_for_update().filter(user=user).first()
    if visit is None:
        visit, _created = LastVisit.objects.get_or_create(
            user=user, defaults={"seen_at": now, "since": now - FIRST_VISIT_WINDOW}
        )
        return visit
    if now - visit.seen_at > VISIT_GAP:
        visit.since = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at", "since"])
    return visit
