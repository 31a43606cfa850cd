"""Goals and indicators: an organisation's goals and figures (its members read, its
coordinators change), and the national aggregate with its open data (anyone)."""

from __future__ import annotations

import csv
import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diplomas.selectors import organisation_for
from fairtrade_portal.access import Who, access

from .. import open_data
from ..forms.goals import FigureForm, GoalForm, PublicationForm
from ..selectors import goals as selectors
from ..services import goals as services


def _is_coordinator(membership) -> bool:
    return membership is not None and membership.role == membership.Role.COORDINATOR


@access(get=Who.MEMBER, note="the organisation's members; others get 404")
def goals(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = organisation_for(request.user, slug)
    series, goal_list = selectors.overview(organisation)
    return render(
        request,
        "procurement/goals/overview.html",
        {
            "organisation": organisation,
            "series": series,
            "goals": goal_list,
            "published": selectors.is_published(organisation),
            "can_change": _is_coordinator(membership),
            "is_coordinator": _is_coordinator(membership),
        },
    )


def _edit(request, slug: str, *, kind: str, pk: int | None = None) -> HttpResponse:
    """The form of a goal or a figure (``kind``), new or (with ``pk``) changed or removed."""
    organisation, _membership = organisation_for(request.user, slug, coordinator=True)
    form_class, fetch, save, delete, template, done = _KINDS[kind]
    instance = fetch(organisation, pk) if pk is not None else None
    if request.method == "POST" and request.POST.get("action") == "delete" and instance:
        delete(instance)
        messages.success(request, _("Removed."))
        return redirect("procurement_org:goals", slug=organisation.slug)
    form = form_class(request.POST or None, instance=instance, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        save(form.save(commit=False), organisation=organisation, by=request.user)
        messages.success(request, str(done))
        return redirect("procurement_org:goals", slug=organisation.slug)
    return render(
        request,
        template,
        {"organisation": organisation, "form": form, "object": instance, "is_coordinator": True},
    )


_KINDS = {
    "goal": (
        GoalForm,
        selectors.goal_for,
        lambda goal, **kwargs: services.goal_save(goal=goal, **kwargs),
        lambda goal: services.goal_delete(goal=goal),
        "procurement/goals/goal_form.html",
        gettext_lazy("The goal is saved."),
    ),
    "figure": (
        FigureForm,
        selectors.figure_for,
        lambda figure, **kwargs: services.figure_save(figure=figure, **kwargs),
        lambda figure: services.figure_delete(figure=figure),
        "procurement/goals/figure_form.html",
        gettext_lazy("The figures are saved."),
    ),
}


@access(get=Who.COORDINATOR, post=Who.COORDINATOR, note="the organisation's coordinators")
def goal_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, slug, kind="goal")


@access(get=Who.COORDINATOR, post=Who.COORDINATOR, note="the organisation's coordinators")
def goal_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _edit(request, slug, kind="goal", pk=pk)


@access(get=Who.COORDINATOR, post=Who.COORDINATOR, note="the organisation's coordinators")
def figure_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, slug, kind="figure")


@access(get=Who.COORDINATOR, post=Who.COORDINATOR, note="the organisation's coordinators")
def figure_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _edit(request, slug, kind="figure", pk=pk)


@access(get=Who.NOBODY, post=Who.COORDINATOR, note="the organisation's coordinators")
def publication(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _membership = organisation_for(request.user, slug, coordinator=True)
    form = PublicationForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on" is off
    published = bool(form.cleaned_data.get("published"))
    services.publication_set(organisation=organisation, published=published)
    messages.success(
        request,
        _("Your goals and figures are shown on your public profile.")
        if published
        else _("Your goals and figures are no longer shown on your public profile."),
    )
    return redirect("procurement_org:goals", slug=organisation.slug)


# --- the national aggregate (public) -----------------------------------------------------------


@access(get=Who.PUBLIC)
def aggregate(request: HttpRequest) -> HttpResponse:
    rows = selectors.national_aggregate()
    by_category = [
        {
            "category": category,
            "rows": category_rows,
            "chart": selectors.aggregate_chart(category_rows),
        }
        for category, category_rows in selectors.aggregate_by_category(rows)
    ]
    return render(
        request,
        "procurement/goals/aggregate.html",
        {
            "by_category": by_category,
            "min_reporting": selectors.MIN_REPORTING,
            "columns": open_data.AGGREGATE_COLUMNS,
        },
    )


@access(get=Who.PUBLIC, note="open data: the national aggregate")
def aggregate_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fairtrade-purchase-shares.csv"'
    writer = csv.DictWriter(response, fieldnames=open_data.AGGREGATE_FIELD_NAMES)
    writer.writeheader()
    writer.writerows(open_data.aggregate_rows(selectors.national_aggregate()))
    return response


@access(get=Who.PUBLIC, note="open data: the national aggregate")
def aggregate_json(request: HttpRequest) -> HttpResponse:
    rows = list(open_data.aggregate_rows(selectors.national_aggregate()))
    body = {
        "schema": request.build_absolute_uri(reverse("procurement:aggregate") + "#data"),
        "generated": timezone.now().isoformat(timespec="seconds"),
        "count": len(rows),
        "results": rows,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json"
    )
