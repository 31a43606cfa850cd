"""Changes to accounts: sessions, the export of a person's data, erasing an account."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import secrets
import zipfile

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from fairtrade_portal import emails

from . import personal_data
from .models import FORMER_MEMBER_EMAIL, DataExport, User

logger = logging.getLogger(__name__)


# --- sessions ----------------------------------------------------------------------------------


def sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every session of ``user`` but the one with ``keep_session_key``: the session is
    deleted from the session store, so its browser is logged out at its next request. Returns
    how many were ended."""
    sessions = UserSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    ended = 0
    for session in sessions:
        session.end()
        ended += 1
    return ended


def session_end(*, user: User, session_id: int) -> bool:
    """End one session of ``user`` (another person's session is not found)."""
    session = UserSession.objects.filter(user=user, pk=session_id).first()
    if session is None:
        return False
    session.end()
    return True


# --- former member ---------------------------------------------------------------------


def former_member() -> User:
    """The account that stands for erased people on what stays with an organisation."""
    user, created = User.objects.get_or_create(
        email=FORMER_MEMBER_EMAIL, defaults={"is_active": False, "name": ""}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# --- export ----------------------------------------------------------------------------


@transaction.atomic
def data_export_request(*, user: User) -> DataExport:
    """Ask for an export of everything the portal holds about ``user``; a job builds it and
    emails the link. An export still being prepared is reused, so a double click queues one."""
    pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(
        user=user,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + dt.timedelta(days=settings.DATA_EXPORT_VALID_DAYS),
    )
    from .tasks import build_data_export

    build_data_export.delay_on_commit(export_id=export.pk)
    return export


def _collect(user: User) -> tuple[dict, list[tuple[str, str]]]:
    data: dict = {
        "exported_at": timezone.now().isoformat(),
        "portal": settings.SITE_URL,
    }
    files: list[tuple[str, str]] = []
    for name, export in sorted(personal_data.exporters().items()):
        part = export(user)
        data[name] = part.data
        files += part.files
    return data, files


def _archive(user: User, data: dict, files: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        readme = render_to_string(
            "accounts/data_export_readme.txt",
            {"user": user, "data": data, "files": files, "site_url": settings.SITE_URL},
        )
        archive.writestr("README.txt", readme)
        for path, storage_name in files:
            try:
                with default_storage.open(storage_name, "rb") as handle:
                    archive.writestr(f"files/{path}", handle.read())
            except OSError:
                # A file the storage lost is named in data.json but cannot be included.
                logger.warning("data export: %s is missing from the storage", storage_name)
    return buffer.getvalue()


def data_export_build(*, export_id: int) -> DataExport | None:
    """Build the archive of one export and email its link. Safe to run twice: a ready export
    is left alone."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status == DataExport.Status.READY:
        return export
    user = export.user
    data, files = _collect(user)
    content = _archive(user, data, files)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    export.file.save(f"fairtrade-city-{stamp}.zip", ContentFile(content), save=False)
    with transaction.atomic():
        export.status = DataExport.Status.READY
        export.ready_at = timezone.now()
        export.save(update_fields=["file", "status", "ready_at"])
        transaction.on_commit(lambda: _send_export_ready(export))
    return export


def _send_export_ready(export: DataExport) -> None:
    user = export.user
    with translation.override(user.language):
        path = reverse("data_export_download", kwargs={"token": export.token})
    emails.send(
        "data-export-ready",
        [user.email],
        {
            "name": user.name,
            "url": settings.SITE_URL + path,
            "expires_at": timezone.localtime(export.expires_at),
        },
        language=user.language,
    )


# --- erase ------------------------------------------------------------------------------------


class EraseRefused(Exception):
    pass


def _hand_over_to_former_member(user: User, former: User) -> None:
    """Every row of another model that points at ``user`` and is not deleted with the account
    (PROTECT and SET_NULL: reports, answers, evidence, decisions, status changes, comments,
    activities, invitations sent) is handed to the former member, so it stays whole and shows
    "former member" as its author. Read from the model meta, so later apps' rows follow."""
    # include_hidden: most of these foreign keys have related_name="+".
    for relation in User._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and (relation.one_to_many or relation.one_to_one)):
            continue
        if relation.on_delete is models.CASCADE:
            continue
        model = relation.related_model
        model._base_manager.filter(**{relation.field.name: user}).update(
            **{relation.field.name: former}
        )
    # Staff's entries in the admin's history stay, under the former member.
    LogEntry.objects.filter(user=user).update(user=former)


def _scrub_admin_history(user: User, former: User) -> None:
    """The admin's history names objects as they were shown ("Sara Samordnare – Malmö"):
    those that name the person now name the former member."""
    LogEntry.objects.filter(
        content_type__app_label=User._meta.app_label,
        content_type__model=User._meta.model_name,
        object_id=str(user.pk),
    ).update(object_repr=str(former))
    # A name of one or two letters would match far too much of other people's history.
    for needle in {user.email, user.name} - {""}:
        if len(needle) < 3:
            continue
        for entry in LogEntry.objects.filter(object_repr__icontains=needle):
            entry.object_repr = entry.object_repr.replace(needle, str(former))[:200]
            if needle.lower() in entry.object_repr.lower():
                entry.object_repr = str(former)
            entry.save(update_fields=["object_repr"])


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Erase a person (GDPR art. 17): what is only theirs goes – the account, email addresses,
    two-factor methods, sessions, memberships, coordinator requests, the roster rows linked to
    the account, reminders, email choices, exports; what belongs to the organisation stays,
    with the author shown as "former member". Every registered eraser runs first."""
    if user.is_former_member:
        raise EraseRefused("The former member cannot be erased.")
    user = User.objects.select_for_update().get(pk=user.pk)
    former = former_member()
    sessions_end(user=user)
    for _name, erase in sorted(personal_data.erasers().items()):
        erase(user, former_member=former)
    _hand_over_to_former_member(user, former)
    _scrub_admin_history(user, former)
    user_id = user.pk
    user.delete()
    logger.info("account %s erased", user_id)
