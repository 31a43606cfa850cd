"""What the diplomas part of the portal reminds people of, registered with the one reminder
mechanism in ``notifications``.

- the yearly report: 60, 30 and 7 days before the deadline to the coordinators while it is not
  submitted; the day after the deadline to the coordinators and to staff; again two weeks later;
- changes asked for by staff and not answered within 14 days.

Each occasion has a window (the 30-day reminder belongs to days 30 to 8 before the deadline), so
a sweep that did not run on the exact day still sends it, once: the key names the occasion.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from notifications.models import EmailKind
from notifications.registry import ReminderSpec, source

from .models import Diploma, Membership, Submission

BEFORE = [(60, 31), (30, 8), (7, 0)]  # occasion: days left from … down to …
OVERDUE_AGAIN_AFTER = 14
CHANGES_UNANSWERED_DAYS = 14


def occasion_for(due: dt.date, today: dt.date) -> str | None:
    days_left = (due - today).days
    for occasion, (high, low) in zip(("60", "30", "7"), BEFORE, strict=True):
        if low <= days_left <= high:
            return occasion
    days_past = -days_left
    if 1 <= days_past < OVERDUE_AGAIN_AFTER:
        return "overdue"
    if OVERDUE_AGAIN_AFTER <= days_past <= 365:
        return "overdue-again"
    return None


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


@source(
    "diplomas.yearly_report",
    kinds=[EmailKind.REPORT_REMINDERS, EmailKind.REQUIRED],
)
def yearly_report_reminders(today: dt.date, batch_size: int):
    """One query per batch: coordinator memberships joined with their organisation and diploma,
    for diplomas whose report is due within 60 days or overdue and not sent in."""
    sent_in = Submission.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        kind=Submission.Kind.YEARLY_REPORT,
        year=ExtractYear(OuterRef("organisation__diploma__next_report_due")) - 1,
    ).exclude(status=Submission.Status.DRAFT)
    memberships = (
        Membership.objects.filter(
            role=Membership.Role.COORDINATOR,
            user__is_active=True,
            organisation__diploma__status=Diploma.Status.DIPLOMATED,
            organisation__diploma__next_report_due__lte=today + dt.timedelta(days=60),
            organisation__diploma__next_report_due__gte=today - dt.timedelta(days=365),
        )
        .annotate(sent_in=Exists(sent_in))
        .filter(sent_in=False)
        .select_related("user", "organisation", "organisation__diploma")
        .order_by("id")
    )
    overdue: dict[tuple[dt.date, str], list[str]] = defaultdict(list)
    last_id = 0
    while True:
        batch = list(memberships.filter(id__gt=last_id)[:batch_size])
        if not batch:
            break
        last_id = batch[-1].id
        specs = []
        for membership in batch:
            organisation, user = membership.organisation, membership.user
            due = organisation.diploma.next_report_due
            occasion = occasion_for(due, today)
            if occasion is None:
                continue
            is_overdue = occasion.startswith("overdue")
            if is_overdue:
                names = overdue[(due, occasion)]
                if organisation.name not in names:
                    names.append(organisation.name)
            specs.append(
                ReminderSpec(
                    key=f"report:{organisation.pk}:{due:%Y-%m-%d}:{occasion}:{user.pk}",
                    kind=EmailKind.REQUIRED if is_overdue else EmailKind.REPORT_REMINDERS,
                    template="reminder-report-overdue" if is_overdue else "reminder-report-due",
                    email=user.email,
                    language=user.language,
                    recipient_id=user.pk,
                    context={
                        "name": user.get_short_name(),
                        "organisation": organisation.name,
                        "due": due.isoformat(),
                        "days_left": (due - today).days,
                        "report_year": due.year - 1,
                        "url": _url("diplomas:dashboard", user.language, slug=organisation.slug),
                    },
                )
            )
        yield specs
    if overdue:
        yield list(_staff_overdue_notices(overdue))


def _staff_overdue_notices(overdue: dict[tuple[dt.date, str], list[str]]):
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("id")
    for (due, occasion), names in sorted(overdue.items()):
        for user in staff:
            with translation.override(user.language):
                admin_url = settings.SITE_URL + reverse("admin:diplomas_diploma_changelist")
            yield ReminderSpec(
                key=f"report-staff:{due:%Y-%m-%d}:{occasion}:{user.pk}",
                kind=EmailKind.REQUIRED,
                template="reminder-staff-overdue",
                email=user.email,
                language=user.language,
                recipient_id=user.pk,
                context={
                    "name": user.get_short_name(),
                    "due": due.isoformat(),
                    "count": len(names),
                    "organisations": sorted(names)[:50],
                    "url": f"{admin_url}?overdue=yes",
                },
            )


@source("diplomas.changes_unanswered", kinds=[EmailKind.REVIEW_REMINDERS])
def changes_unanswered_reminders(today: dt.date, batch_size: int):
    """Two queries per batch: the submissions sent back more than 14 days ago and still not
    resubmitted, and their coordinators."""
    cutoff = timezone.now() - dt.timedelta(days=CHANGES_UNANSWERED_DAYS)
    coordinators = Membership.objects.filter(
        role=Membership.Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    submissions = (
        Submission.objects.filter(
            status=Submission.Status.CHANGES_REQUESTED, decided_at__lte=cutoff
        )
        .select_related("organisation")
        .prefetch_related(
            Prefetch("organisation__memberships", queryset=coordinators, to_attr="coordinators")
        )
        .order_by("id")
    )
    last_id = 0
    while True:
        batch = list(submissions.filter(id__gt=last_id)[:batch_size])
        if not batch:
            break
        last_id = batch[-1].id
        specs = []
        for submission in batch:
            organisation = submission.organisation
            for membership in organisation.coordinators:
                user = membership.user
                specs.append(
                    ReminderSpec(
                        key=f"changes:{submission.pk}:{submission.decided_at:%Y%m%d%H%M%S}:"
                        f"{user.pk}",
                        kind=EmailKind.REVIEW_REMINDERS,
                        template="reminder-changes-pending",
                        email=user.email,
                        language=user.language,
                        recipient_id=user.pk,
                        context={
                            "name": user.get_short_name(),
                            "organisation": organisation.name,
                            "asked_on": timezone.localtime(submission.decided_at)
                            .date()
                            .isoformat(),
                            "year": submission.year,
                            "url": _url(
                                "diplomas:submission",
                                user.language,
                                slug=organisation.slug,
                                pk=submission.pk,
                            ),
                        },
                    )
                )
        yield specs
