"""Which resources a user may see, and the object-level 404s."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from diplomas.models import Diploma, Organisation
from diplomas.selectors import NETWORK_STATUSES

from ..models import Resource
from .groups import in_own_groups

# Logos are the diploma's own marks: only organisations that hold the diploma (diplomated, or
# paused and keeping it) may use them, so only their members (and staff) see them. An applying
# organisation reads the rest of the intranet but does not have the right to the logos yet.
LOGO_STATUSES = (Diploma.Status.DIPLOMATED, Diploma.Status.PAUSED)


def can_see_logos(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_can_see_logos", None)
    if cached is None:
        cached = user._can_see_logos = Organisation.objects.filter(
            memberships__user=user, diploma__status__in=LOGO_STATUSES
        ).exists()
    return cached


def resources_for(user) -> QuerySet[Resource]:
    """The resources this user may see: staff everything, hidden ones included; members what
    is not hidden, logos only with a diploma (see LOGO_STATUSES), a group's files only in
    their own groups."""
    resources = Resource.objects.all()
    if not user.is_staff:
        resources = resources.filter(in_own_groups(user), hidden=False)
        if not can_see_logos(user):
            resources = resources.exclude(category=Resource.Category.LOGO)
    return resources


def resource_listing(user) -> QuerySet[Resource]:
    """For lists: one query for the rows and one for all their tags, whatever the number."""
    return (
        resources_for(user)
        .select_related("organisation", "group")
        .prefetch_related("tags")
        .defer("extracted_text", "search_text", "search_vector")
    )


def resource_for(user, pk: int) -> Resource:
    return get_object_or_404(
        resources_for(user)
        .select_related("organisation", "shared_by", "group", "event")
        .prefetch_related("tags"),
        pk=pk,
    )


def resource_to_edit(user, pk: int) -> Resource:
    """Staff edit any resource; a member only what they shared. Anyone else: 404."""
    resource = resource_for(user, pk)
    if not user.is_staff and resource.shared_by_id != user.pk:
        from django.http import Http404

        raise Http404
    return resource


def sharing_organisations(user) -> QuerySet[Organisation]:
    """The organisations a user may share in the name of: their own organisations of the
    network; staff any organisation of the network (or none: Fairtrade Sverige)."""
    organisations = Organisation.objects.filter(diploma__status__in=NETWORK_STATUSES)
    if not user.is_staff:
        organisations = organisations.filter(memberships__user=user)
    return organisations.distinct().order_by("name")
