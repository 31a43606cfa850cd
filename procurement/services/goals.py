"""Changes to an organisation's purchasing goals, its figures and whether its public profile
shows them. Each change is one transaction; the public pages that show the figures (the
profile, the national aggregate and its open data) read them fresh."""

from __future__ import annotations

from django.db import transaction

from diplomas.models import Organisation

from ..models import Figure, FigurePublication, Goal


@transaction.atomic
def goal_save(*, goal: Goal, organisation: Organisation, by) -> Goal:
    goal.organisation = organisation
    if goal.pk is None:
        goal.created_by = by
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    goal.delete()


@transaction.atomic
def figure_save(*, figure: Figure, organisation: Organisation, by) -> Figure:
    figure.organisation = organisation
    figure.reported_by = by
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def figure_delete(*, figure: Figure) -> None:
    figure.delete()


@transaction.atomic
def publication_set(*, organisation: Organisation, published: bool) -> FigurePublication:
    publication, _created = FigurePublication.objects.update_or_create(
        organisation=organisation, defaults={"published": published}
    )
    return publication
