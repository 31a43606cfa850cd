"""Who sees which group, and so everything that belongs to one: the one place that decides it.

A group's threads, files and events are invisible to people outside the group – a list leaves
them out (:func:`in_own_groups`), an address answers 404 (:func:`group_for`). Staff see every
group. The pages themselves are declared ``Who.NETWORK``: a group member is always a member of
the network or staff.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from diplomas.models import Membership

from ..models import Group, GroupMembership


def groups_for(user) -> QuerySet[Group]:
    """The groups this person may see: staff every group, anyone else the groups they are in."""
    if not user.is_authenticated:
        return Group.objects.none()
    groups = Group.objects.all()
    if not user.is_staff:
        # A subquery, not a join: counting a group's members stays right.
        groups = groups.filter(pk__in=GroupMembership.objects.filter(user=user).values("group_id"))
    return groups


def group_for(user, slug: str) -> Group:
    """The group at ``slug``, or 404 for anyone outside it (it might as well not exist)."""
    return get_object_or_404(groups_for(user).select_related("category"), slug=slug)


def is_group_admin(user, group: Group) -> bool:
    """Staff and the group's own admins manage its members."""
    if user.is_staff:
        return True
    return GroupMembership.objects.filter(group=group, user=user, is_admin=True).exists()


def group_to_manage(user, slug: str) -> Group:
    """The group at ``slug`` for its admins and staff; 404 for everyone else."""
    group = group_for(user, slug)
    if not is_group_admin(user, group):
        raise Http404
    return group


def own_group_ids(user) -> set[int]:
    """The ids of the groups this person is in (one query; kept on the user for the request)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_own_group_ids", None)
    if cached is None:
        cached = user._own_group_ids = set(
            GroupMembership.objects.filter(user=user).values_list("group_id", flat=True)
        )
    return cached


def in_own_groups(user, field: str = "group") -> Q:
    """Filter for objects with an optional group (``field``): those of no group, and those of
    the person's own groups. Staff: everything. Use it in every list of things that can belong
    to a group, so a group's things never show outside it."""
    if user.is_authenticated and user.is_staff:
        return Q()
    no_group = Q(**{f"{field}__isnull": True})
    if not user.is_authenticated:
        return no_group
    # A subquery, not a list fetched first: the filter adds no query to the page.
    own = GroupMembership.objects.filter(user=user).values("group_id")
    return no_group | Q(**{f"{field}__in": own})


def group_listing(user) -> QuerySet[Group]:
    """The groups this person sees, with how many members each has (one query)."""
    return groups_for(user).select_related("category").annotate(member_count=Count("memberships"))


def group_members(group: Group) -> list[GroupMembership]:
    """The group's members by name, each with the organisations they belong to (two queries)."""
    return list(
        group.memberships.select_related("user")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            )
        )
        .order_by("user__name", "user__email")
    )
