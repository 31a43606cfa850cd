"""Everything that changes diplomas, submissions, activities and memberships.

Important models change only through these functions, so that every status change and decision
is recorded with who, when and why, and the rules of the flow (draft → submitted → changes
requested / approved) hold whichever view or admin action calls them.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fairtrade_portal import emails, page_cache
from fairtrade_portal.validators import validate_sendable_email

from . import rules
from .models import (
    Answer,
    Attachment,
    CoordinatorRequest,
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
    """The published criteria set in force on ``day``; a draft is never used."""
    criteria_set = (
        CriteriaSet.objects.filter(
            kind=kind, state=CriteriaSet.State.PUBLISHED, valid_from__lte=day
        )
        .order_by("-valid_from")
        .first()
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
    page_cache.data_changed()
    return diploma


def status_change_date(*, change: DiplomaStatusChange, day: dt.date) -> None:
    """Date a change of status on the day it took effect (at noon in Sweden, so its year is
    the same in every time zone), for a diploma entered after the fact: the statistics count
    from the history. ``changed_at`` is auto_now_add, so only an update can set it."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    DiplomaStatusChange.objects.filter(pk=change.pk).update(changed_at=noon)
    change.changed_at = noon
    page_cache.data_changed()


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
    if kind == Submission.Kind.YEARLY_REPORT:
        _carry_over_answers(submission)
    return submission


def _carry_over_answers(submission: Submission) -> None:
    """Start a yearly report from what the organisation answered before: for each criterion it
    asks (answered by the organisation, not computed), the answer of the latest approved
    application or report that asked the same criterion (by code and answer type) – so a larger
    report after a smaller one still finds the work plan of the larger one before it; not for a
    criterion that asks what is new each year (``carries_over`` off). Text,
    number and yes/no are copied, never attachments; each is marked as carried over until the
    coordinator confirms or changes it."""
    asked = {c.code: c for c in submission.asked_criteria().filter(computed="", carries_over=True)}
    earlier = (
        Answer.objects.filter(
            submission__organisation=submission.organisation,
            submission__status=Submission.Status.APPROVED,
            criterion__code__in=asked,
            criterion__computed="",
        )
        .select_related("criterion")
        .order_by("submission__year", "submission__decided_at", "pk")
    )
    latest = {}
    for answer in earlier:  # later ones win
        if answer.criterion.answer_type == asked[answer.criterion.code].answer_type and (
            answer.text.strip() or answer.number is not None or answer.yes_no is not None
        ):
            latest[answer.criterion.code] = answer
    Answer.objects.bulk_create(
        Answer(
            submission=submission,
            criterion=asked[code],
            text=answer.text,
            number=answer.number,
            yes_no=answer.yes_no,
            carried_over=True,
        )
        for code, answer in latest.items()
    )


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
    for criterion in submission.asked_criteria():
        if criterion.computed == Criterion.Computed.ACTIVITIES:
            values[criterion.pk] = rules.activities_in_year(organisation, submission.year)
        elif criterion.computed == Criterion.Computed.REGION_SHARE:
            values[criterion.pk] = rules.region_resident_share(organisation)
        elif criterion.computed == Criterion.Computed.LOCAL_GROUP:
            if local_group is None:
                local_group = rules.local_group_summary(organisation)
            values[criterion.pk] = local_group
        elif criterion.is_purchase_share and (
            share := figures_share(organisation, submission.year)
        ):
            values[criterion.pk] = share
    return values


def figures_share(organisation, year: int) -> rules.FiguresSource | None:
    """The purchase share of ``year`` from the organisation's goals and figures, when it
    reported them (registered by the procurement app, ``diplomas.extensions``): the report
    then reads it instead of asking."""
    from .extensions import purchase_share

    return purchase_share(organisation, year)


def unconfirmed_carried_over(submission: Submission) -> list[Criterion]:
    """The criteria asked whose answer is still the one carried over, not yet confirmed (a
    purchase share read from the figures needs no confirming)."""
    criteria = list(
        submission.asked_criteria()
        .filter(answers__submission=submission, answers__carried_over=True)
        .order_by("number")
    )
    if any(c.is_purchase_share for c in criteria) and figures_share(
        submission.organisation, submission.year
    ):
        criteria = [c for c in criteria if not c.is_purchase_share]
    return criteria


def _frozen_answer_fields(value) -> dict:
    if isinstance(value, rules.FiguresSource):
        # The share and where it came from, so the review shows both.
        return {"number": value.share, "snapshot": value.as_snapshot(), "carried_over": False}
    if isinstance(value, rules.LocalGroupSummary):
        # The roster as it was, so the review and the public badges show the group reported.
        return {"snapshot": value.as_snapshot(), "number": len(value.people)}
    return {"number": value}


@transaction.atomic
def submission_submit(*, submission: Submission, by) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_editable(submission)
    unconfirmed = unconfirmed_carried_over(submission)
    if unconfirmed:
        raise ValidationError(
            _(
                "Not submitted: confirm or change the answers carried over from the last "
                "approved report first: %(criteria)s."
            )
            % {"criteria": "; ".join(str(c) for c in unconfirmed)}
        )
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


def _notify_coordinators(
    submission: Submission, template: str, message: str, comments: list | None = None
) -> None:
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
                "comments": comments or [],
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
    # The comments staff wrote on single criteria since it was (last) submitted go with the
    # message, so the coordinators read what to change where without logging in first.
    comments = submission.comments.filter(criterion__isnull=False)
    if submission.submitted_at:
        comments = comments.filter(created_at__gte=submission.submitted_at)
    comments = list(
        comments.select_related("criterion").order_by("criterion__number", "created_at", "id")
    )
    ReviewComment.objects.create(submission=submission, text=message, author=by)
    transaction.on_commit(
        lambda: _notify_coordinators(
            submission, "submission-changes-requested", message, comments=comments
        )
    )
    page_cache.data_changed()
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
    page_cache.data_changed()
    return submission


# --- criteria versions -----------------------------------------------------------------------


def _per_criterion_relations():
    """The rows that belong to a criterion and make up the criteria version (thresholds, and
    any per-criterion data added later), as opposed to rows of submissions (answers)."""
    return [
        relation
        for relation in Criterion._meta.related_objects
        if relation.one_to_many and relation.related_model is not Answer
    ]


def _copied_fields(instance, *, skip: set[str]) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in skip
    }


def _copy_name(version: str) -> str:
    # Named in the register's language, like the rest of the admin's records.
    with translation.override(settings.LANGUAGE_CODE):
        suffix = " " + _("(copy)")
    return version[: CriteriaSet._meta.get_field("version").max_length - len(suffix)] + suffix


@transaction.atomic
def criteria_set_copy(*, criteria_set: CriteriaSet) -> CriteriaSet:
    """A draft copy of a criteria set with all its criteria, their thresholds and any other
    per-criterion rows, to edit and then publish as a new version."""
    copy = CriteriaSet.objects.create(
        kind=criteria_set.kind,
        version=_copy_name(criteria_set.version),
        valid_from=None,
        state=CriteriaSet.State.DRAFT,
        source_note=criteria_set.source_note,
    )
    relations = _per_criterion_relations()
    for criterion in criteria_set.criteria.order_by("number"):
        new = Criterion.objects.create(
            **_copied_fields(criterion, skip={"criteria_set"}), criteria_set=copy
        )
        for field in Criterion._meta.many_to_many:
            getattr(new, field.name).set(getattr(criterion, field.name).all())
        for relation in relations:
            rows = relation.related_model._default_manager.filter(
                **{relation.field.name: criterion}
            )
            relation.related_model._default_manager.bulk_create(
                relation.related_model(
                    **_copied_fields(row, skip={relation.field.name}),
                    **{relation.field.name: new},
                )
                for row in rows
            )
    page_cache.data_changed()
    return copy


@transaction.atomic
def criteria_set_publish(
    *, criteria_set: CriteriaSet, version: str, valid_from: dt.date | None
) -> CriteriaSet:
    """Publish a draft under a version name from a date later than the latest published
    version's, so it replaces that one from then on."""
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    version = (version or "").strip()
    errors = {}
    if criteria_set.state != CriteriaSet.State.DRAFT:
        raise ValidationError(_("This version is already published."))
    if not criteria_set.criteria.exists():
        raise ValidationError(_("A version without criteria cannot be published."))
    published = CriteriaSet.objects.filter(
        kind=criteria_set.kind, state=CriteriaSet.State.PUBLISHED
    )
    if not version:
        errors["version"] = _("Give the version a name, such as 2027.")
    elif not re.fullmatch(r"[0-9A-Za-z._-]+", version):
        # The name is part of the public address of the version (/kriterier/city/2027/).
        errors["version"] = _("Use only letters, digits, dots and hyphens, such as 2027 or 2027.1.")
    elif published.filter(version=version).exists():
        errors["version"] = _("There is already a published version with this name.")
    latest = published.order_by("-valid_from").first()
    if valid_from is None:
        errors["valid_from"] = _("Give the date from which the version is in force.")
    elif latest is not None and valid_from <= latest.valid_from:
        errors["valid_from"] = _(
            "The date must be after %(date)s, when the version in force (%(version)s) began."
        ) % {"date": f"{latest.valid_from:%Y-%m-%d}", "version": latest.version}
    if errors:
        raise ValidationError(errors)
    criteria_set.version = version
    criteria_set.valid_from = valid_from
    criteria_set.state = CriteriaSet.State.PUBLISHED
    criteria_set.save(update_fields=["version", "valid_from", "state"])
    page_cache.data_changed()
    return criteria_set


# --- invitations -----------------------------------------------------------------------------


@transaction.atomic
def invitation_send(*, organisation: Organisation, email: str, role: str, by) -> Invitation:
    email = email.strip().lower()
    validate_sendable_email(email)  # before the row, so no invitation waits on a mail never sent
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
    emails.send_on_commit(
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


# --- requests to become coordinator ----------------------------------------------------------

# A refused person may ask again after this many days, so that a refusal is not met by the
# same request the next minute, and a changed situation still gets a hearing.
ASK_AGAIN_AFTER_DAYS = 30


def coordinator_request_can_ask_again_on(coordinator_request: CoordinatorRequest) -> dt.date | None:
    """The first day a refused person may ask again, or None when the request is not refused."""
    if (
        coordinator_request.status != CoordinatorRequest.Status.REFUSED
        or coordinator_request.decided_at is None
    ):
        return None
    return timezone.localdate(coordinator_request.decided_at) + dt.timedelta(
        days=ASK_AGAIN_AFTER_DAYS
    )


def _link(name: str, language: str | None, **kwargs) -> str:
    """An absolute link that opens the page in the reader's language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _notify_of_new_request(coordinator_request: CoordinatorRequest) -> None:
    context = {
        "coordinator_request": coordinator_request,
        "person": coordinator_request.user,
        "organisation": coordinator_request.organisation,
    }
    # Staff read the register's language; their inbox is one address, not a person.
    emails.send(
        "coordinator-request-staff",
        [settings.STAFF_EMAIL],
        {
            **context,
            "url": _link(
                "admin:diplomas_coordinatorrequest_change",
                settings.LANGUAGE_CODE,
                object_id=coordinator_request.pk,
            ),
        },
        language=settings.LANGUAGE_CODE,
    )
    for coordinator in _coordinators(coordinator_request.organisation):
        if coordinator.pk == coordinator_request.user_id:
            continue
        emails.send(
            "coordinator-request-coordinator",
            [coordinator.email],
            {
                **context,
                "user": coordinator,
                "url": _link(
                    "diplomas:members",
                    coordinator.language,
                    slug=coordinator_request.organisation.slug,
                ),
            },
            language=coordinator.language,
        )


def _already_waiting(organisation: Organisation) -> str:
    return _(
        "You have already asked to become coordinator of %(organisation)s; it is waiting for a "
        "decision."
    ) % {"organisation": organisation}


def coordinator_request_problem(*, user, organisation: Organisation) -> str | None:
    """Why the person cannot ask to become coordinator of ``organisation`` now, or None."""
    if Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.COORDINATOR
    ).exists():
        return _("You are already a coordinator of %(organisation)s.") % {
            "organisation": organisation
        }
    earlier = CoordinatorRequest.objects.filter(user=user, organisation=organisation)
    if earlier.filter(status=CoordinatorRequest.Status.OPEN).exists():
        return _already_waiting(organisation)
    last_refusal = (
        earlier.filter(status=CoordinatorRequest.Status.REFUSED).order_by("-decided_at").first()
    )
    again_on = last_refusal and coordinator_request_can_ask_again_on(last_refusal)
    if again_on and timezone.localdate() < again_on:
        return _(
            "Your request for %(organisation)s was refused on %(refused)s. You can ask again "
            "from %(date)s."
        ) % {
            "organisation": organisation,
            "refused": timezone.localdate(last_refusal.decided_at).isoformat(),
            "date": again_on.isoformat(),
        }
    return None


@transaction.atomic
def coordinator_request_create(
    *, user, organisation: Organisation, role: str, motivation: str
) -> CoordinatorRequest:
    """Ask to become coordinator of ``organisation``. Refused when the person already is, has
    an open request there, or was refused less than 30 days ago."""
    role, motivation = (role or "").strip(), (motivation or "").strip()
    if not role:
        raise ValidationError(_("Say what your role in the organisation is."))
    if not motivation:
        raise ValidationError(_("Say why you want to become its coordinator."))
    problem = coordinator_request_problem(user=user, organisation=organisation)
    if problem:
        raise ValidationError(problem)
    try:
        # A savepoint: two requests sent at once meet the database's one-open-request rule.
        with transaction.atomic():
            coordinator_request = CoordinatorRequest.objects.create(
                user=user, organisation=organisation, role=role, motivation=motivation
            )
    except IntegrityError:
        raise ValidationError(_already_waiting(organisation)) from None
    transaction.on_commit(lambda: _notify_of_new_request(coordinator_request))
    return coordinator_request


def may_decide_coordinator_request(coordinator_request: CoordinatorRequest, by) -> bool:
    """Staff decide every request; a coordinator only those for their own organisation."""
    if by.is_staff:
        return True
    return (
        by.pk != coordinator_request.user_id
        and Membership.objects.filter(
            user=by,
            organisation_id=coordinator_request.organisation_id,
            role=Membership.Role.COORDINATOR,
        ).exists()
    )


def _open_request_to_decide(coordinator_request: CoordinatorRequest, by) -> CoordinatorRequest:
    coordinator_request = CoordinatorRequest.objects.select_for_update().get(
        pk=coordinator_request.pk
    )
    if not may_decide_coordinator_request(coordinator_request, by):
        raise PermissionDenied
    if coordinator_request.status != CoordinatorRequest.Status.OPEN:
        raise ValidationError(_("This request has already been decided or withdrawn."))
    return coordinator_request


def _notify_of_decision(coordinator_request: CoordinatorRequest, template: str) -> None:
    user = coordinator_request.user
    emails.send(
        template,
        [user.email],
        {
            "coordinator_request": coordinator_request,
            "organisation": coordinator_request.organisation,
            "user": user,
            "again_on": coordinator_request_can_ask_again_on(coordinator_request),
            "url": _link(
                "diplomas:dashboard", user.language, slug=coordinator_request.organisation.slug
            ),
            "my_url": _link("diplomas:my_organisations", user.language),
        },
        language=user.language,
    )


@transaction.atomic
def coordinator_request_confirm(*, coordinator_request: CoordinatorRequest, by) -> Membership:
    """Make the person coordinator: a new membership, or a member's upgraded."""
    coordinator_request = _open_request_to_decide(coordinator_request, by)
    membership, created = Membership.objects.get_or_create(
        user=coordinator_request.user,
        organisation=coordinator_request.organisation,
        defaults={"role": Membership.Role.COORDINATOR},
    )
    if not created and membership.role != Membership.Role.COORDINATOR:
        membership.role = Membership.Role.COORDINATOR
        membership.save(update_fields=["role"])
    coordinator_request.status = CoordinatorRequest.Status.CONFIRMED
    coordinator_request.decided_by = by
    coordinator_request.decided_at = timezone.now()
    coordinator_request.save(update_fields=["status", "decided_by", "decided_at"])
    transaction.on_commit(
        lambda: _notify_of_decision(coordinator_request, "coordinator-request-confirmed")
    )
    return membership


@transaction.atomic
def coordinator_request_refuse(
    *, coordinator_request: CoordinatorRequest, by, reason: str
) -> CoordinatorRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for the refusal; the person is told it."))
    coordinator_request = _open_request_to_decide(coordinator_request, by)
    coordinator_request.status = CoordinatorRequest.Status.REFUSED
    coordinator_request.refusal_reason = reason
    coordinator_request.decided_by = by
    coordinator_request.decided_at = timezone.now()
    coordinator_request.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
    transaction.on_commit(
        lambda: _notify_of_decision(coordinator_request, "coordinator-request-refused")
    )
    return coordinator_request


@transaction.atomic
def coordinator_request_withdraw(
    *, coordinator_request: CoordinatorRequest, by
) -> CoordinatorRequest:
    coordinator_request = CoordinatorRequest.objects.select_for_update().get(
        pk=coordinator_request.pk
    )
    if coordinator_request.user_id != by.pk:
        raise PermissionDenied
    if coordinator_request.status != CoordinatorRequest.Status.OPEN:
        raise ValidationError(_("Only a request that is waiting can be withdrawn."))
    coordinator_request.status = CoordinatorRequest.Status.WITHDRAWN
    coordinator_request.decided_at = timezone.now()
    coordinator_request.save(update_fields=["status", "decided_at"])
    return coordinator_request


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
    page_cache.data_changed()
    return member


@transaction.atomic
def group_member_remove(*, member: GroupMember) -> None:
    member.delete()
    page_cache.data_changed()
