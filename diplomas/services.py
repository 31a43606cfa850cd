"""Everything that changes diplomas, submissions, activities and memberships.

Important models change only through these functions, so that every status change and decision
is recorded with who, when and why, and the rules of the flow (draft → submitted → changes
requested / approved) hold whichever view or admin action calls them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fairtrade_portal import emails

from . import rules
from .models import (
    Answer,
    Attachment,
    CriteriaSet,
    Criterion,
    Diploma,
    DiplomaKind,
    DiplomaStatusChange,
    GroupMember,
    Invitation,
    Membership,
    Organisation,
    ReviewComment,
    Submission,
    SubmissionEvent,
)

INVITATION_VALID_DAYS = 14


def _shortened_name(name: str, limit: int) -> str:
    """Cut a long file name in its stem, so the extension – what the download is opened
    with – survives."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[:limit]
    return stem[: limit - len(extension) - 1] + "." + extension


def diploma_kind_for(organisation: Organisation) -> str:
    return DiplomaKind.REGION if organisation.kind == Organisation.Kind.REGION else DiplomaKind.CITY


def criteria_set_valid_on(kind: str, day: dt.date) -> CriteriaSet:
    criteria_set = (
        CriteriaSet.objects.filter(kind=kind, valid_from__lte=day).order_by("-valid_from").first()
    )
    if criteria_set is None:
        raise ValidationError(_("There are no criteria in force for this diploma yet."))
    return criteria_set


# --- diplomas --------------------------------------------------------------------------------


@transaction.atomic
def diploma_change_status(
    *, diploma: Diploma, to_status: str, by, reason: str, today: dt.date | None = None
) -> Diploma:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for the change of status."))
    if to_status not in Diploma.Status.values:
        raise ValidationError(_("Unknown status."))
    diploma = Diploma.objects.select_for_update().get(pk=diploma.pk)
    if diploma.status == to_status:
        raise ValidationError(_("The diploma already has this status."))
    today = today or timezone.localdate()
    previous = diploma.status
    diploma.status = to_status
    if to_status == Diploma.Status.DIPLOMATED:
        if diploma.diplomated_since is None:
            diploma.diplomated_since = today
        if diploma.next_report_due is None or diploma.next_report_due < today:
            diploma.next_report_due = rules.report_due(rules.current_report_year(today))
    diploma.save()
    DiplomaStatusChange.objects.create(
        diploma=diploma, from_status=previous, to_status=to_status, reason=reason, changed_by=by
    )
    return diploma


# --- submissions -----------------------------------------------------------------------------


@transaction.atomic
def submission_start(*, organisation: Organisation, by, today: dt.date | None = None) -> Submission:
    """Start the application (organisations without a diploma) or this period's yearly report.
    Starting twice returns the one already started."""
    today = today or timezone.localdate()
    diploma = Diploma.objects.filter(organisation=organisation).first()
    if diploma is None or diploma.status == Diploma.Status.APPLYING:
        kind, year = Submission.Kind.APPLICATION, today.year
        diploma_kind = diploma.kind if diploma else diploma_kind_for(organisation)
    elif diploma.status == Diploma.Status.WITHDRAWN:
        raise ValidationError(
            _("The diploma is withdrawn; contact Fairtrade Sverige to start again.")
        )
    else:
        kind, diploma_kind = Submission.Kind.YEARLY_REPORT, diploma.kind
        year = (
            diploma.next_report_due.year - 1
            if diploma.next_report_due
            else rules.current_report_year(today)
        )
    existing = Submission.objects.filter(organisation=organisation, kind=kind, year=year).first()
    if existing:
        return existing
    if diploma is None:
        Diploma.objects.create(organisation=organisation, kind=diploma_kind)
    submission = Submission.objects.create(
        organisation=organisation,
        kind=kind,
        year=year,
        criteria_set=criteria_set_valid_on(diploma_kind, today),
        is_larger_report=(
            True
            if kind == Submission.Kind.APPLICATION
            else rules.is_larger_report(diploma.diplomated_since, year)
        ),
        created_by=by,
    )
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionEvent.Action.STARTED, by=by
    )
    return submission


def _ensure_editable(submission: Submission) -> None:
    if not submission.is_editable:
        raise PermissionDenied(_("This has been submitted and can no longer be changed."))


@transaction.atomic
def answers_save(*, submission: Submission, values: dict[int, dict], by) -> None:
    """Save the answers of a draft: ``values`` maps criterion id to text/number/yes_no."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_editable(submission)
    for criterion_id, fields in values.items():
        Answer.objects.update_or_create(
            submission=submission, criterion_id=criterion_id, defaults=fields
        )


@transaction.atomic
def attachment_add(*, submission: Submission, criterion: Criterion, upload, by) -> Attachment:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_editable(submission)
    answer, _created = Answer.objects.get_or_create(submission=submission, criterion=criterion)
    return Attachment.objects.create(
        answer=answer,
        file=upload,
        original_name=_shortened_name(upload.name, 200),
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        uploaded_by=by,
    )


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    submission = Submission.objects.select_for_update().get(pk=attachment.answer.submission_id)
    _ensure_editable(submission)
    attachment.file.delete(save=False)
    attachment.delete()


def computed_values(submission: Submission) -> dict[int, object]:
    """The values the portal computes for a submission's computed criteria, by criterion id."""
    organisation = submission.organisation
    values = {}
    local_group = None
    for criterion in submission.criteria_set.criteria.all():
        if criterion.computed == Criterion.Computed.ACTIVITIES:
            values[criterion.pk] = rules.activities_in_year(organisation, submission.year)
        elif criterion.computed == Criterion.Computed.REGION_SHARE:
            values[criterion.pk] = rules.region_resident_share(organisation)
        elif criterion.computed == Criterion.Computed.LOCAL_GROUP:
            if local_group is None:
                local_group = rules.local_group_summary(organisation)
            values[criterion.pk] = local_group
    return values


def _frozen_answer_fields(value) -> dict:
    if isinstance(value, rules.LocalGroupSummary):
        # The roster as it was, so the review and the public badges show the group reported.
        return {"snapshot": value.as_snapshot(), "number": len(value.people)}
    return {"number": value}


@transaction.atomic
def submission_submit(*, submission: Submission, by) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_editable(submission)
    # Computed values are kept as they were when submitted, so the review and the public badges
    # show what the organisation reported, not what the numbers became later.
    for criterion_id, value in computed_values(submission).items():
        Answer.objects.update_or_create(
            submission=submission,
            criterion_id=criterion_id,
            defaults=_frozen_answer_fields(value),
        )
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["status", "submitted_at"])
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionEvent.Action.SUBMITTED, by=by
    )
    return submission


def _coordinators(organisation: Organisation):
    return [
        m.user
        for m in organisation.memberships.select_related("user").filter(
            role=Membership.Role.COORDINATOR, user__is_active=True
        )
    ]


def _notify_coordinators(submission: Submission, template: str, message: str) -> None:
    path = reverse(
        "diplomas:submission", kwargs={"slug": submission.organisation.slug, "pk": submission.pk}
    )
    for user in _coordinators(submission.organisation):
        emails.send(
            template,
            [user.email],
            {
                "submission": submission,
                "organisation": submission.organisation,
                "message": message,
                "url": settings.SITE_URL + path,
                "user": user,
            },
            language=user.language,
        )


@transaction.atomic
def submission_request_changes(*, submission: Submission, by, message: str) -> Submission:
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Say what needs to change."))
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application or report can be sent back."))
    submission.status = Submission.Status.CHANGES_REQUESTED
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at"])
    SubmissionEvent.objects.create(
        submission=submission,
        action=SubmissionEvent.Action.CHANGES_REQUESTED,
        by=by,
        message=message,
    )
    ReviewComment.objects.create(submission=submission, text=message, author=by)
    transaction.on_commit(
        lambda: _notify_coordinators(submission, "submission-changes-requested", message)
    )
    return submission


@transaction.atomic
def submission_approve(
    *, submission: Submission, by, message: str = "", today: dt.date | None = None
) -> Submission:
    today = today or timezone.localdate()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application or report can be approved."))
    submission.status = Submission.Status.APPROVED
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at"])
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionEvent.Action.APPROVED, by=by, message=message
    )
    diploma = Diploma.objects.select_for_update().get(organisation=submission.organisation)
    if submission.kind == Submission.Kind.APPLICATION:
        # The history is kept in the register's language, whoever's browser approved it.
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Application %(year)s approved") % {"year": submission.year}
        diploma_change_status(
            diploma=diploma, to_status=Diploma.Status.DIPLOMATED, by=by, reason=reason, today=today
        )
    else:
        diploma.next_report_due = rules.report_due(submission.year + 1)
        diploma.save(update_fields=["next_report_due"])
    transaction.on_commit(lambda: _notify_coordinators(submission, "submission-approved", message))
    return submission


# --- invitations -----------------------------------------------------------------------------


@transaction.atomic
def invitation_send(*, organisation: Organisation, email: str, role: str, by) -> Invitation:
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(_("This person is already a member of the organisation."))
    # Inviting again sends a fresh link and replaces the pending one: one open invitation per
    # address, with the role asked for last; the earlier link stops working.
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True
    ).delete()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=by,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_VALID_DAYS),
    )
    url = settings.SITE_URL + reverse("diplomas:invitation", kwargs={"token": invitation.token})
    language = getattr(by, "language", None)
    transaction.on_commit(
        lambda: emails.send(
            "invitation",
            [email],
            {
                "invitation": invitation,
                "organisation": organisation,
                "url": url,
                "inviter": by,
                "days": INVITATION_VALID_DAYS,
            },
            language=language,
        )
    )
    return invitation


@dataclass(frozen=True)
class InvitationProblem:
    message: str


def invitation_problem(invitation: Invitation, user) -> InvitationProblem | None:
    if invitation.accepted_at:
        return InvitationProblem(_("This invitation has already been used."))
    if invitation.expires_at < timezone.now():
        return InvitationProblem(
            _("This invitation has expired. Ask your coordinator to send a new one.")
        )
    if user.email.lower() != invitation.email.lower():
        return InvitationProblem(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation, user)
    if problem:
        raise ValidationError(problem.message)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


# --- the local group (arbetsgrupp) -----------------------------------------------------------


def _group_member_problems(member: GroupMember) -> dict[str, str]:
    """Why this roster row cannot be saved, by form field; empty when it can."""
    problems: dict[str, str] = {}
    others = GroupMember.objects.filter(organisation_id=member.organisation_id).exclude(
        pk=member.pk
    )
    chair = others.filter(role__in=GroupMember.roles_holding(GroupMember.Role.CHAIR)).first()
    contact = others.filter(role__in=GroupMember.roles_holding(GroupMember.Role.CONTACT)).first()
    if member.is_chair and chair is not None:
        problems["role"] = _(
            "%(name)s is already the chair of the local group. Make them a member first, or "
            "change their row instead."
        ) % {"name": chair.name}
    elif member.is_contact and contact is not None:
        problems["role"] = _(
            "%(name)s is already the contact person of the local group. Make them a member "
            "first, or change their row instead."
        ) % {"name": contact.name}
    if member.user_id:
        if not Membership.objects.filter(
            organisation_id=member.organisation_id, user_id=member.user_id
        ).exists():
            problems["user"] = _("Only the account of a member of the organisation can be linked.")
        elif others.filter(user_id=member.user_id).exists():
            problems["user"] = _("This account is already linked to someone on the roster.")
    return problems


@transaction.atomic
def group_member_save(*, member: GroupMember) -> GroupMember:
    """Add a person to the local group's roster, or save changes to one. One chair and one
    contact person at most: the database refuses a second, and this says so first."""
    member.name = (member.name or "").strip()
    if not member.name:
        raise ValidationError({"name": _("Give the person's name.")})
    # Two coordinators naming a chair at the same moment are taken one after the other.
    Organisation.objects.select_for_update().filter(pk=member.organisation_id).first()
    if problems := _group_member_problems(member):
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(
            _("The roster changed while you were editing it. Reload the page and try again.")
        ) from None
    return member


@transaction.atomic
def group_member_remove(*, member: GroupMember) -> None:
    member.delete()
