"""Contracts and their supplier follow-up, under /organisationer/<slug>/upphandling/: the
organisation's members read, its coordinators change, everyone else gets 404. A shared
follow-up is also read by the organisations it invited, with only what is shared."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access

from ..forms.followup import ContractForm, DeviationForm, ShareForm, StepForm
from ..models import SharedFollowUp
from ..selectors import followup as selectors
from ..services import followup as services


@access(get=Who.MEMBER)
def contract_list(request: HttpRequest, slug: str) -> HttpResponse:
    from diplomas.selectors import organisation_for

    organisation, membership = organisation_for(request.user, slug)
    return render(
        request,
        "procurement/followup/list.html",
        {
            "organisation": organisation,
            "contracts": selectors.contracts_of(organisation),
            "can_change": selectors.is_coordinator(membership),
        },
    )


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def contract_new(request: HttpRequest, slug: str) -> HttpResponse:
    from diplomas.selectors import organisation_for

    organisation, _membership = organisation_for(request.user, slug, coordinator=True)
    form = ContractForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        contract = services.contract_create(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The contract is saved. Plan its follow-up below."))
        return redirect("procurement_org:contract", slug=slug, pk=contract.pk)
    return render(
        request,
        "procurement/followup/contract_form.html",
        {"organisation": organisation, "form": form},
    )


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def contract_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contract, _membership = selectors.contract_for(request.user, slug, pk, coordinator=True)
    form = ContractForm(request.POST or None, instance=contract, organisation=contract.organisation)
    if request.method == "POST" and form.is_valid():
        services.contract_update(contract=contract, **form.cleaned_data)
        messages.success(request, _("The contract is saved."))
        return redirect("procurement_org:contract", slug=slug, pk=contract.pk)
    return render(
        request,
        "procurement/followup/contract_form.html",
        {"organisation": contract.organisation, "form": form, "contract": contract},
    )


@access(get=Who.MEMBER)
def contract_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contract, membership = selectors.contract_for(request.user, slug, pk)
    shared = getattr(contract, "shared", None)
    return render(
        request,
        "procurement/followup/contract.html",
        {
            "contract": contract,
            "organisation": contract.organisation,
            "steps": selectors.contract_steps(contract),
            "shared": shared,
            "participants": selectors.participants(shared) if shared else [],
            "invitations": selectors.shared_invitations(contract),
            "can_change": selectors.is_coordinator(membership),
            "today": dt.date.today(),
        },
    )


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def step_edit(request: HttpRequest, slug: str, pk: int, step: int | None = None) -> HttpResponse:
    contract, _membership = selectors.contract_for(request.user, slug, pk, coordinator=True)
    instance = selectors.step_for(contract, step) if step else None
    form = StepForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        contract=contract,
        responsible=selectors.responsible_choices(contract.organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("document", None)
        services.step_save(contract=contract, step=instance, upload=upload, by=request.user, **data)
        messages.success(request, _("The step is saved."))
        return redirect("procurement_org:contract", slug=slug, pk=contract.pk)
    return render(
        request,
        "procurement/followup/step_form.html",
        {
            "contract": contract,
            "organisation": contract.organisation,
            "form": form,
            "step": instance,
        },
    )


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def deviation_new(request: HttpRequest, slug: str, pk: int, step: int) -> HttpResponse:
    contract, _membership = selectors.contract_for(request.user, slug, pk, coordinator=True)
    the_step = selectors.step_for(contract, step)
    form = DeviationForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        services.deviation_add(step=the_step, **form.cleaned_data)
        messages.success(request, _("The deviation and its corrective action are saved."))
        return redirect("procurement_org:contract", slug=slug, pk=contract.pk)
    return render(
        request,
        "procurement/followup/deviation_form.html",
        {
            "contract": contract,
            "organisation": contract.organisation,
            "form": form,
            "step": the_step,
        },
    )


@access(get=Who.NOBODY, post=Who.COORDINATOR, note="verified closed today")
def deviation_close(request: HttpRequest, slug: str, pk: int, deviation: int) -> HttpResponse:
    from ..models import Deviation

    contract, _membership = selectors.contract_for(request.user, slug, pk, coordinator=True)
    found = get_object_or_404(Deviation, pk=deviation, step__contract=contract)
    services.deviation_close(deviation=found, on=dt.date.today())
    messages.success(request, _("The corrective action is verified closed."))
    return redirect("procurement_org:contract", slug=slug, pk=contract.pk)


def _file(document) -> FileResponse:
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


@access(get=Who.MEMBER, note="an internal document of the organisation's own follow-up")
def document(request: HttpRequest, slug: str, pk: int, document: int) -> HttpResponse:
    from ..models import StepDocument

    contract, _membership = selectors.contract_for(request.user, slug, pk)
    return _file(get_object_or_404(StepDocument, pk=document, step__contract=contract))


@access(get=Who.NOBODY, post=Who.COORDINATOR, note="removes a document of a step")
def document_delete(request: HttpRequest, slug: str, pk: int, document: int) -> HttpResponse:
    from ..models import StepDocument

    contract, _membership = selectors.contract_for(request.user, slug, pk, coordinator=True)
    found = get_object_or_404(StepDocument, pk=document, step__contract=contract)
    services.document_delete(document=found)
    messages.success(request, _("The file %(name)s was removed.") % {"name": found.original_name})
    return redirect("procurement_org:step", slug=slug, pk=contract.pk, step=found.step_id)


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def share(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contract, _membership = selectors.contract_for(request.user, slug, pk, coordinator=True)
    shared = getattr(contract, "shared", None)
    form = ShareForm(
        request.POST or None,
        initial={"summary": shared.summary, "share_documents": shared.share_documents}
        if shared
        else None,
        invitable=selectors.invitable_organisations(contract),
    )
    if request.method == "POST" and form.is_valid():
        services.share(
            contract=contract,
            summary=form.cleaned_data["summary"],
            share_documents=form.cleaned_data["share_documents"],
            invite=list(form.cleaned_data["invite"]),
        )
        messages.success(request, _("The follow-up is shared."))
        return redirect("procurement_org:contract", slug=slug, pk=contract.pk)
    return render(
        request,
        "procurement/followup/share_form.html",
        {
            "contract": contract,
            "organisation": contract.organisation,
            "form": form,
            "shared": shared,
            "participants": selectors.participants(shared) if shared else [],
        },
    )


@access(
    get=Who.MEMBER,
    post=Who.COORDINATOR,
    note="which requirements a shared follow-up covers; marking covered needs the reuse rule",
)
def coverage(request: HttpRequest, slug: str, pk: int, shared: int) -> HttpResponse:
    contract, membership = selectors.contract_for(
        request.user, slug, pk, coordinator=request.method == "POST"
    )
    found = get_object_or_404(
        SharedFollowUp.objects.select_related("contract__organisation", "contract__package"),
        pk=shared,
        contract__supplier_number=contract.supplier_number,
        participations__organisation=contract.organisation,
    )
    verdict = selectors.verdict_for(contract, found)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "uncover":
            services.uncover(contract=contract)
            messages.success(request, _("Your follow-up no longer relies on the shared one."))
            return redirect("procurement_org:contract", slug=slug, pk=contract.pk)
        try:
            services.cover(contract=contract, shared=found)
        except services.ReuseRefused as refused:
            verdict = refused.verdict
            status = 400
            messages.error(
                request,
                _("Not marked as covered: the reuse rule does not hold. The reasons are below."),
            )
        else:
            messages.success(request, _("Your follow-up is marked covered by shared follow-up."))
            return redirect("procurement_org:contract", slug=slug, pk=contract.pk)
    return render(
        request,
        "procurement/followup/coverage.html",
        {
            "contract": contract,
            "organisation": contract.organisation,
            "shared": found,
            "verdict": verdict,
            "can_change": selectors.is_coordinator(membership),
        },
        status=status,
    )


@access(get=Who.MEMBER, note="the leader's members and the invited organisations' members")
def shared_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    shared, organisation, leader = selectors.shared_for(request.user, slug, pk)
    show_documents = leader or shared.share_documents
    return render(
        request,
        "procurement/followup/shared.html",
        {
            "shared": shared,
            "organisation": organisation,
            "leader": leader,
            "steps": selectors.contract_steps(shared.contract, documents=show_documents),
            "show_documents": show_documents,
            "participants": selectors.participants(shared),
        },
    )


@access(get=Who.MEMBER, note="only when the leader lets the participants read the documents")
def shared_document(request: HttpRequest, slug: str, pk: int, document: int) -> HttpResponse:
    shared, _organisation, leader = selectors.shared_for(request.user, slug, pk)
    if not (leader or shared.share_documents):
        raise Http404
    return _file(selectors.shared_document(shared, document))


@access(get=Who.STAFF, note="every supplier being followed up and by whom")
def supplier_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "procurement/followup/overview.html",
        {"contracts": selectors.supplier_overview()},
    )
