"""Changes to contracts and their follow-up, each in a transaction. The forms check the input
(a date outside the contract period, a wrong organisation number); the services keep the rules
that hold whatever the caller is: the reuse rule before "covered by shared follow-up"."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from diplomas.models import Organisation

from ..models import Contract, Deviation, Participation, SharedFollowUp, Step, StepDocument
from ..rules import Verdict
from ..selectors.followup import verdict_for


class ReuseRefused(Exception):
    def __init__(self, verdict: Verdict) -> None:
        super().__init__("; ".join(verdict.reasons))
        self.verdict = verdict


@transaction.atomic
def contract_create(*, organisation: Organisation, **fields) -> Contract:
    return Contract.objects.create(organisation=organisation, **fields)


@transaction.atomic
def contract_update(*, contract: Contract, **fields) -> Contract:
    for name, value in fields.items():
        setattr(contract, name, value)
    contract.save()
    return contract


@transaction.atomic
def step_save(*, contract: Contract, step: Step | None = None, upload=None, by=None, **fields):
    """Create (``step`` None) or change a step; ``upload`` adds a document to it."""
    if step is None:
        step = Step(contract=contract)
    for name, value in fields.items():
        setattr(step, name, value)
    if not step.result:
        step.done_on = None
    step.save()
    if upload is not None:
        document_add(step=step, upload=upload, by=by)
    return step


def document_add(*, step: Step, upload, by) -> StepDocument:
    name = upload.name if len(upload.name) <= 200 else upload.name[-200:]
    return StepDocument.objects.create(
        step=step, file=upload, original_name=name, size=upload.size, uploaded_by=by
    )


@transaction.atomic
def document_delete(*, document: StepDocument) -> None:
    """Remove a step's document; its file goes once the removal is committed (a rollback
    keeps both)."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def deviation_add(*, step: Step, **fields) -> Deviation:
    return Deviation.objects.create(step=step, **fields)


@transaction.atomic
def deviation_close(*, deviation: Deviation, on: dt.date) -> Deviation:
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if deviation.closed_on is None:
        deviation.closed_on = on
        deviation.save(update_fields=["closed_on"])
    return deviation


@transaction.atomic
def share(
    *, contract: Contract, summary: str, share_documents: bool, invite: list[Organisation]
) -> SharedFollowUp:
    """Share the contract's follow-up (or change how) and invite organisations with a
    contract with the same supplier; others are ignored."""
    shared, _created = SharedFollowUp.objects.update_or_create(
        contract=contract, defaults={"summary": summary, "share_documents": share_documents}
    )
    same_supplier = set(
        Contract.objects.filter(supplier_number=contract.supplier_number)
        .exclude(organisation_id=contract.organisation_id)
        .values_list("organisation_id", flat=True)
    )
    for organisation in invite:
        if organisation.pk in same_supplier:
            Participation.objects.get_or_create(shared=shared, organisation=organisation)
    return shared


@transaction.atomic
def cover(*, contract: Contract, shared: SharedFollowUp, today: dt.date | None = None) -> Verdict:
    """Mark the contract "covered by shared follow-up" — only when the reuse rule holds and
    its organisation takes part with the same supplier; otherwise :class:`ReuseRefused`."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not (
        shared.contract.supplier_number == contract.supplier_number
        and shared.participations.filter(organisation_id=contract.organisation_id).exists()
    ):
        raise ValueError("the organisation does not take part in this shared follow-up")
    verdict = verdict_for(contract, shared, today)
    if not verdict.holds:
        raise ReuseRefused(verdict)
    contract.covered_by = shared
    contract.save(update_fields=["covered_by"])
    return verdict


@transaction.atomic
def uncover(*, contract: Contract) -> None:
    Contract.objects.filter(pk=contract.pk).update(covered_by=None)
