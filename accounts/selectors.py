"""Reads of accounts: a person's sessions and exports, never another person's."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.http import Http404
from django.utils import timezone

from .models import DataExport, User


def sessions_of(*, user: User) -> list[UserSession]:
    """The person's sessions that are still open, oldest first, in two queries however many."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return list(
        UserSession.objects.filter(user=user, session_key__in=live).order_by("created_at", "id")
    )


def exports_of(*, user: User) -> list[DataExport]:
    return list(DataExport.objects.filter(user=user, expires_at__gt=timezone.now())[:5])


def export_for_download(*, user: User, token: str) -> DataExport:
    """The person's own export (404 for anyone else's, or an unknown token); it may have
    expired, which the view answers with 410."""
    export = DataExport.objects.filter(user=user, token=token).first()
    if export is None:
        raise Http404
    return export
