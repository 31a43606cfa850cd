"""The diplomas app's share of a person's export and erasure (see accounts/personal_data.py),
and how long it keeps expired invitations."""

from __future__ import annotations

import datetime as dt
import posixpath

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Part, eraser, exporter, iso, stored
from accounts.retention import rule

from .models import (
    Activity,
    Answer,
    Attachment,
    CoordinatorRequest,
    GroupMember,
    Invitation,
    Membership,
    ReviewComment,
    Submission,
    SubmissionEvent,
)

EXPIRED_INVITATION_DAYS = 30


def _answer(answer: Answer) -> dict:
    return {
        "criterion": answer.criterion.code,
        "text": answer.text,
        "number": str(answer.number) if answer.number is not None else None,
        "yes_no": answer.yes_no,
        "updated_at": iso(answer.updated_at),
    }


@exporter("diplomas")
def export_diplomas(user) -> Part:
    # The answers of the applications and reports the person started or submitted: answers
    # record no author of their own.
    submitted = SubmissionEvent.objects.filter(
        by=user, action=SubmissionEvent.Action.SUBMITTED
    ).values("submission_id")
    submissions = (
        Submission.objects.filter(Q(created_by=user) | Q(pk__in=submitted))
        .select_related("organisation")
        .prefetch_related("answers__criterion")
        .distinct()
        .order_by("year", "id")
    )
    attachments = list(
        Attachment.objects.filter(uploaded_by=user)
        .select_related("answer__criterion", "answer__submission__organisation")
        .order_by("uploaded_at", "id")
    )
    files = []
    uploads = []
    for attachment in attachments:
        # Numbered, so two uploads of the same name are both kept.
        path = f"{attachment.pk}-{posixpath.basename(attachment.original_name) or 'file'}"
        files.append((path, attachment.file.name))
        uploads.append(
            {
                "file": f"files/{path}",
                "name": attachment.original_name,
                "size": attachment.size,
                "uploaded_at": iso(attachment.uploaded_at),
                "organisation": attachment.answer.submission.organisation.name,
                "criterion": attachment.answer.criterion.code,
            }
        )
    data = {
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role, "since": iso(m.created)}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "local_group": [
            {
                "organisation": g.organisation.name,
                "name": g.name,
                "role": g.role,
                "sector": g.sector,
                "email": g.email,
                "phone": g.phone,
            }
            for g in GroupMember.objects.filter(user=user).select_related("organisation")
        ],
        "coordinator_requests": [
            {
                "organisation": r.organisation.name,
                "role": r.role,
                "motivation": r.motivation,
                "status": r.status,
                "asked_at": iso(r.created),
                "decided_at": iso(r.decided_at),
                "refusal_reason": r.refusal_reason,
            }
            for r in CoordinatorRequest.objects.filter(user=user).select_related("organisation")
        ],
        "activities": [
            {
                "organisation": a.organisation.name,
                "date": iso(a.date),
                "title": a.title,
                "kind": a.kind,
                "partners": a.partners,
                "description": a.description,
            }
            for a in Activity.objects.filter(created_by=user).select_related("organisation")
        ],
        "applications_and_reports": [
            {
                "organisation": s.organisation.name,
                "kind": s.kind,
                "year": s.year,
                "status": s.status,
                "answers": [_answer(a) for a in s.answers.all()],
            }
            for s in submissions
        ],
        "uploads": uploads,
        "review_comments": [
            {"text": c.text, "written_at": iso(c.created_at)}
            for c in ReviewComment.objects.filter(author=user)
        ],
        "invitations_sent": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "role": i.role,
                "sent_at": iso(i.created_at),
                "accepted_at": iso(i.accepted_at),
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "invitations_received": [
            {"organisation": i.organisation.name, "role": i.role, "sent_at": iso(i.created_at)}
            for i in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
    }
    return Part(data=data, files=files)


@eraser("diplomas")
def erase_diplomas(user, *, former_member) -> None:
    """The roster rows linked to the account go (with their email and phone), and the person's
    name is taken out of the rosters kept in submitted reports; invitations to the person's
    address go. Memberships and coordinator requests go with the account (CASCADE); reports,
    answers, evidence, activities, decisions and status changes stay, under the former
    member."""
    rows = list(GroupMember.objects.filter(user=user))
    names = {row.name for row in rows} | ({user.name} if user.name else set())
    organisations = {row.organisation_id for row in rows} | set(
        Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
    )
    if names and organisations:
        answers = Answer.objects.filter(
            submission__organisation_id__in=organisations, snapshot__isnull=False
        )
        for answer in answers:
            people = (answer.snapshot or {}).get("people")
            if not isinstance(people, list):
                continue
            changed = False
            for person in people:
                if isinstance(person, dict) and person.get("name") in names:
                    person["name"] = str(former_member)
                    changed = True
            if changed:
                answer.save(update_fields=["snapshot"])
    GroupMember.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email).delete()


@rule(
    "expired_invitations",
    what=_("Invitations that were never accepted (the invited address)"),
    after=_("30 days after they expired"),
)
def delete_expired_invitations(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=EXPIRED_INVITATION_DAYS)
    deleted, _per_model = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lt=cutoff
    ).delete()
    return deleted


stored(
    "memberships",
    _(
        "Which organisations you belong to and your role, and requests to become coordinator "
        "(your role at work and why you ask) – so that you see and change only your own "
        "organisation's things."
    ),
    order=20,
)
stored(
    "local_group",
    _(
        "The local group (arbetsgrupp): names, roles, sectors and, if given, email and phone of "
        "its people, entered by the organisation's coordinators. Only the chair and the contact "
        "person are shown publicly."
    ),
    order=30,
)
stored(
    "reports",
    _(
        "Applications, yearly reports, answers, evidence and activities, with who started, "
        "submitted and uploaded them – the diploma is awarded and renewed on them."
    ),
    order=40,
)
