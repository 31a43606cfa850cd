"""What supplier follow-up reminds people of, registered with the one reminder mechanism in
``notifications`` (kind FOLLOWUP_REMINDERS, which people may turn off):

- a step not done, due within 14 days, to its responsible person ("due");
- a step not done past its planned date, to its responsible person ("overdue");
- a corrective action not verified closed past its deadline, to the organisation's
  coordinators.

The key names the step or deviation, its date (a moved date reminds again), the occasion and
the person, so each is sent exactly once however often the sweep runs.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from diplomas.models import Membership
from notifications.models import EmailKind
from notifications.registry import ReminderSpec, source

from .models import Deviation, Step

DUE_DAYS = 14
OVERDUE_FOR_DAYS = 365  # older overdue steps are a matter for the plan, not for an email


def _contract_url(contract, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(
            "procurement_org:contract",
            kwargs={"slug": contract.organisation.slug, "pk": contract.pk},
        )


def _batches(queryset, batch_size: int):
    last_id = 0
    while True:
        batch = list(queryset.filter(id__gt=last_id)[:batch_size])
        if not batch:
            return
        last_id = batch[-1].id
        yield batch


@source("procurement.followup_steps", kinds=[EmailKind.FOLLOWUP_REMINDERS])
def step_reminders(today: dt.date, batch_size: int):
    """One query per batch: open steps due within 14 days or overdue, with their contract,
    organisation and responsible person."""
    steps = (
        Step.objects.filter(
            done_on__isnull=True,
            responsible__isnull=False,
            responsible__is_active=True,
            planned_on__lte=today + dt.timedelta(days=DUE_DAYS),
            planned_on__gte=today - dt.timedelta(days=OVERDUE_FOR_DAYS),
        )
        .select_related("contract__organisation", "responsible")
        .order_by("id")
    )
    for batch in _batches(steps, batch_size):
        specs = []
        for step in batch:
            user, contract = step.responsible, step.contract
            occasion = "overdue" if step.planned_on < today else "due"
            with translation.override(user.language):
                kind = str(step.get_kind_display())
            specs.append(
                ReminderSpec(
                    key=f"followup-step:{step.pk}:{step.planned_on:%Y%m%d}:{occasion}:{user.pk}",
                    kind=EmailKind.FOLLOWUP_REMINDERS,
                    template=f"followup-step-{occasion}",
                    email=user.email,
                    language=user.language,
                    recipient_id=user.pk,
                    context={
                        "name": user.name or user.email,
                        "step": kind,
                        "supplier": contract.supplier_name,
                        "organisation": contract.organisation.name,
                        "planned_on": step.planned_on.isoformat(),
                        "days_left": (step.planned_on - today).days,
                        "url": _contract_url(contract, user.language),
                    },
                )
            )
        yield specs


@source("procurement.followup_actions", kinds=[EmailKind.FOLLOWUP_REMINDERS])
def corrective_action_reminders(today: dt.date, batch_size: int):
    """Per batch of overdue corrective actions: one query for them and one for the
    coordinators of their organisations."""
    deviations = (
        Deviation.objects.filter(
            closed_on__isnull=True,
            deadline__lt=today,
            deadline__gte=today - dt.timedelta(days=OVERDUE_FOR_DAYS),
        )
        .select_related("step__contract__organisation", "requirement")
        .order_by("id")
    )
    for batch in _batches(deviations, batch_size):
        organisation_ids = {d.step.contract.organisation_id for d in batch}
        coordinators: dict[int, list] = {}
        for membership in (
            Membership.objects.filter(
                organisation_id__in=organisation_ids,
                role=Membership.Role.COORDINATOR,
                user__is_active=True,
            )
            .select_related("user")
            .order_by("id")
        ):
            coordinators.setdefault(membership.organisation_id, []).append(membership.user)
        specs = []
        for deviation in batch:
            contract = deviation.step.contract
            for user in coordinators.get(contract.organisation_id, []):
                specs.append(
                    ReminderSpec(
                        key=(
                            f"followup-action:{deviation.pk}:{deviation.deadline:%Y%m%d}:{user.pk}"
                        ),
                        kind=EmailKind.FOLLOWUP_REMINDERS,
                        template="followup-action-overdue",
                        email=user.email,
                        language=user.language,
                        recipient_id=user.pk,
                        context={
                            "name": user.name or user.email,
                            "requirement": deviation.requirement.identifier,
                            "action": deviation.corrective_action,
                            "supplier": contract.supplier_name,
                            "organisation": contract.organisation.name,
                            "deadline": deviation.deadline.isoformat(),
                            "url": _contract_url(contract, user.language),
                        },
                    )
                )
        yield specs
