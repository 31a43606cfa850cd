"""Reads of the member directory: the network's organisations with their people, in a fixed
number of queries whatever their number."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from diplomas.models import GroupMember, Membership, Organisation
from diplomas.selectors import NETWORK_STATUSES

from ..models import DirectoryEntry


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    email: str = ""
    phone: str = ""
    title: str = ""


def _shown(user, name: str, role: str) -> Person:
    try:
        entry = user.directory_entry
    except DirectoryEntry.DoesNotExist:
        return Person(name=name, role=role)
    return Person(name=name, role=role, **entry.shown())


def network_organisations() -> QuerySet[Organisation]:
    """Every organisation of the network (applying, diplomated, paused), with what the
    directory shows of each: diploma, county, coordinators and the local group's leads."""
    coordinators = (
        Membership.objects.filter(role=Membership.Role.COORDINATOR)
        .select_related("user__directory_entry")
        .order_by("user__name", "user__email")
    )
    leads = (
        GroupMember.objects.exclude(role=GroupMember.Role.MEMBER)
        .select_related("user__directory_entry")
        .order_by("role", "name")
    )
    return (
        Organisation.objects.filter(diploma__status__in=NETWORK_STATUSES)
        .select_related("county", "diploma")
        .prefetch_related(
            Prefetch("memberships", queryset=coordinators, to_attr="directory_coordinators"),
            Prefetch("group_members", queryset=leads, to_attr="directory_leads"),
        )
        .order_by("name")
    )


def coordinators_of(organisation: Organisation) -> list[Person]:
    return [
        _shown(m.user, m.user.get_full_name(), str(Membership.Role.COORDINATOR.label))
        for m in organisation.directory_coordinators
    ]


def local_group_contacts_of(organisation: Organisation) -> list[Person]:
    """The chair and the contact person. A row linked to a portal account shows what that
    person chose; a row without one shows name and role only (the roster's email and phone
    are for the organisation's own members)."""
    people = []
    for row in organisation.directory_leads:
        role = row.get_role_display()
        if row.user is not None:
            people.append(_shown(row.user, row.name, role))
        else:
            people.append(Person(name=row.name, role=role))
    return people


def directory_organisation(slug: str) -> Organisation:
    """One organisation of the network; any other slug answers 404."""
    return get_object_or_404(network_organisations(), slug=slug)


def directory_entry_of(user) -> DirectoryEntry:
    try:
        return user.directory_entry
    except DirectoryEntry.DoesNotExist:
        return DirectoryEntry(user=user)
