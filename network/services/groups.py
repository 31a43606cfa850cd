"""Changing a group's members: staff and the group's own admins add and remove people."""

from __future__ import annotations

from django.db import transaction

from ..models import Group, GroupMembership


@transaction.atomic
def group_member_add(*, group: Group, user, by, is_admin: bool = False) -> GroupMembership:
    """Add ``user`` to ``group`` (or change whether they are an admin if already in it)."""
    membership, created = GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"is_admin": is_admin, "added_by": by}
    )
    if not created and membership.is_admin != is_admin:
        membership.is_admin = is_admin
        membership.save(update_fields=["is_admin"])
    return membership


@transaction.atomic
def group_member_remove(*, membership: GroupMembership, by) -> None:
    membership.delete()
