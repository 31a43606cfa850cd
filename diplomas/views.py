from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fairtrade_portal import page_cache
from fairtrade_portal.access import Who, access
from fairtrade_portal.charts import percent, year_bars

from . import extensions, geo, open_data, rules, selectors, services
from .filters import DiplomaListingFilter
from .forms import (
    ActivityForm,
    CoordinatorRequestForm,
    GroupMemberForm,
    InvitationForm,
    OrganisationProfileForm,
    OrganisationSearchForm,
    RefusalForm,
    SubmissionForm,
)
from .models import Activity, Diploma, Invitation, Membership, Organisation, Submission

# --- the coordinator's pages -------------------------------------------------------------------


def _organisation(request: HttpRequest, slug: str, *, coordinator: bool | None = None):
    """Members read, coordinators change: POST needs a coordinator unless told otherwise."""
    if coordinator is None:
        coordinator = request.method == "POST"
    return selectors.organisation_for(request.user, slug, coordinator=coordinator)


@access(get=Who.USER)
def my_organisations(request: HttpRequest) -> HttpResponse:
    memberships = list(selectors.memberships_of(request.user))
    coordinator_requests = selectors.coordinator_requests_of(request.user)
    if len(memberships) == 1 and not coordinator_requests:
        return redirect("diplomas:dashboard", slug=memberships[0].organisation.slug)
    for item in coordinator_requests:
        item.again_on = services.coordinator_request_can_ask_again_on(item)
    return render(
        request,
        "diplomas/my_organisations.html",
        {"memberships": memberships, "coordinator_requests": coordinator_requests},
    )


@access(get=Who.USER)
def coordinator_request_search(request: HttpRequest) -> HttpResponse:
    """Find one's municipality or region in the register, to ask to become its coordinator."""
    form = OrganisationSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "diplomas/coordinator_request_search.html",
        {
            "form": form,
            "query": query,
            "results": selectors.organisations_matching(query) if query else [],
        },
    )


@access(get=Who.USER, post=Who.USER)
def coordinator_request_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("county"), slug=slug)
    problem = services.coordinator_request_problem(user=request.user, organisation=organisation)
    form = CoordinatorRequestForm(request.POST or None)
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            services.coordinator_request_create(
                user=request.user,
                organisation=organisation,
                role=form.cleaned_data["role"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent. Fairtrade Sverige will tell you by email when "
                    "it has been decided."
                ),
            )
            return redirect("diplomas:my_organisations")
    return render(
        request,
        "diplomas/coordinator_request_new.html",
        {"organisation": organisation, "form": form, "problem": problem},
    )


@access(get=Who.NOBODY, post=Who.USER, note="only the person's own requests; others' are 404")
def coordinator_request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.own_coordinator_request(request.user, pk)
    try:
        services.coordinator_request_withdraw(coordinator_request=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your request for %(organisation)s has been withdrawn.")
            % {"organisation": item.organisation},
        )
    return redirect("diplomas:my_organisations")


@access(get=Who.MEMBER)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = _organisation(request, slug)
    today = timezone.localdate()
    diploma = Diploma.objects.filter(organisation=organisation).first()
    current = (
        Submission.objects.filter(organisation=organisation)
        .exclude(status=Submission.Status.APPROVED)
        .select_related("criteria_set", "organisation")
        .order_by("-year", "-created_at")
        .first()
    )
    view = selectors.submission_view(current) if current else None
    history = Submission.objects.filter(
        organisation=organisation, status=Submission.Status.APPROVED
    ).order_by("-year")
    context = {
        "organisation": organisation,
        "membership": membership,
        "is_coordinator": membership is not None and membership.role == Membership.Role.COORDINATOR,
        "diploma": diploma,
        "overdue": diploma is not None and selectors.diploma_is_overdue(diploma, today),
        "current": view,
        "history": list(history),
        "fee": rules.fee_for(organisation),
        "next_deadline": diploma.next_report_due if diploma and diploma.next_report_due else None,
        "activities_this_year": rules.activities_in_year(organisation, today.year),
        "group_chair": organisation.local_group_chair,
        "group_contact": organisation.local_group_contact,
        "region_share": (
            rules.region_resident_share(organisation)
            if organisation.kind == organisation.Kind.REGION
            else None
        ),
        "is_larger_report": (
            rules.is_larger_report(diploma.diplomated_since, diploma.next_report_due.year - 1)
            if diploma and diploma.next_report_due
            else None
        ),
        # What the coming report asks, when none is under way (the checklist shows it then).
        "asked_next": [] if current else selectors.criteria_asked_next(organisation, diploma),
        "next_is_application": diploma is None or diploma.status == Diploma.Status.APPLYING,
    }
    return render(request, "diplomas/dashboard.html", context)


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def edit_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _m = _organisation(request, slug, coordinator=True)
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The profile has been saved."))
        return redirect("diplomas:dashboard", slug=organisation.slug)
    return render(
        request, "diplomas/edit_profile.html", {"organisation": organisation, "form": form}
    )


@access(get=Who.NOBODY, post=Who.COORDINATOR)
def submission_start(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _m = _organisation(request, slug)
    try:
        submission = services.submission_start(organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("diplomas:dashboard", slug=organisation.slug)
    return redirect("diplomas:submission", slug=organisation.slug, pk=submission.pk)


@access(get=Who.MEMBER, post=Who.COORDINATOR)
def submission(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, membership = _organisation(request, slug)
    submission = selectors.submission_for(organisation, pk)
    can_edit = (
        submission.is_editable
        and membership is not None
        and membership.role == Membership.Role.COORDINATOR
    )
    if request.method == "POST" and not can_edit:
        # A submitted report cannot be changed by re-posting the form.
        raise PermissionDenied
    view = selectors.submission_view(submission)
    form = None
    if can_edit:
        form = SubmissionForm(
            request.POST or None, request.FILES or None, submission=submission, rows=view.checks
        )
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                services.answers_save(
                    submission=submission, values=form.answer_values(), by=request.user
                )
                for criterion, upload in form.uploads():
                    services.attachment_add(
                        submission=submission,
                        criterion=criterion,
                        upload=upload,
                        by=request.user,
                    )
            if request.POST.get("action") == "submit":
                view = selectors.submission_view(submission)
                blocking = [
                    row["check"]
                    for row in view.checks
                    if not row["check"].met and not row["criterion"].computed
                ]
                if blocking:
                    messages.error(
                        request,
                        _(
                            "Your answers are saved, but not submitted: answer every "
                            "criterion and attach the evidence asked for first."
                        ),
                    )
                    return redirect(request.path)
                try:
                    services.submission_submit(submission=submission, by=request.user)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect(request.path)
                messages.success(
                    request,
                    _("Submitted. Fairtrade Sverige will review it and tell you by email."),
                )
                return redirect("diplomas:dashboard", slug=organisation.slug)
            messages.success(request, _("Your answers are saved as a draft."))
            return redirect(request.path)
    comments = submission.comments.select_related("criterion", "author")
    events = submission.events.select_related("by")
    return render(
        request,
        "diplomas/submission.html",
        {
            "organisation": organisation,
            "submission": submission,
            "view": view,
            "form": form,
            "can_edit": can_edit,
            "comments": list(comments),
            "events": list(events),
        },
    )


@access(get=Who.MEMBER, note="evidence files: members of the organisation and staff only")
def attachment(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    organisation, _m = _organisation(request, slug)
    item = selectors.attachment_for(organisation, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=item.original_name)


@access(get=Who.NOBODY, post=Who.COORDINATOR)
def attachment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, _m = _organisation(request, slug)
    item = selectors.attachment_for(organisation, pk)
    submission_pk = item.answer.submission_id
    services.attachment_delete(attachment=item)
    messages.success(request, _("The file %(name)s was removed.") % {"name": item.original_name})
    return redirect("diplomas:submission", slug=organisation.slug, pk=submission_pk)


@access(get=Who.MEMBER, post=Who.COORDINATOR)
def activities(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = _organisation(request, slug)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.organisation = organisation
        activity.created_by = request.user
        activity.save()
        messages.success(request, _("The activity has been logged."))
        return redirect("diplomas:activities", slug=organisation.slug)
    items = organisation.activities.all()
    return render(
        request,
        "diplomas/activities.html",
        {
            "organisation": organisation,
            "activities": list(items),
            "form": form,
            "is_coordinator": membership is not None
            and membership.role == Membership.Role.COORDINATOR,
        },
    )


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def activity_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, _m = _organisation(request, slug, coordinator=True)
    activity = get_object_or_404(Activity, pk=pk, organisation=organisation)
    if request.method == "POST" and request.POST.get("action") == "delete":
        activity.delete()
        messages.success(request, _("The activity has been removed."))
        return redirect("diplomas:activities", slug=organisation.slug)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The activity has been saved."))
        return redirect("diplomas:activities", slug=organisation.slug)
    return render(
        request,
        "diplomas/activity_edit.html",
        {"organisation": organisation, "activity": activity, "form": form},
    )


@access(get=Who.MEMBER, post=Who.COORDINATOR)
def members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = _organisation(request, slug)
    is_coordinator = membership is not None and membership.role == Membership.Role.COORDINATOR
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_send(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("diplomas:members", slug=organisation.slug)
    return render(
        request,
        "diplomas/members.html",
        {
            "organisation": organisation,
            "memberships": list(
                organisation.memberships.select_related("user").order_by("user__name")
            ),
            "invitations": list(
                organisation.invitations.filter(accepted_at=None, expires_at__gt=timezone.now())
            ),
            "form": form,
            "is_coordinator": is_coordinator,
            "coordinator_requests": (
                selectors.open_coordinator_requests_for(organisation) if is_coordinator else []
            ),
            "group_members": selectors.group_members_of(organisation),
        },
    )


@access(get=Who.NOBODY, post=Who.COORDINATOR)
def coordinator_request_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator of the organisation confirms or refuses someone's request to join them."""
    organisation, _m = _organisation(request, slug, coordinator=True)
    item = selectors.open_coordinator_request_for(organisation, pk)
    person = item.user.name or item.user.email
    try:
        if request.POST.get("action") == "confirm":
            services.coordinator_request_confirm(coordinator_request=item, by=request.user)
            messages.success(request, _("%(person)s is now a coordinator.") % {"person": person})
        else:
            form = RefusalForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give a reason for the refusal; the person is told it."))
            services.coordinator_request_refuse(
                coordinator_request=item, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("The request of %(person)s has been refused; they have been told by email.")
                % {"person": person},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("diplomas:members", slug=organisation.slug)


def _save_group_member(form: GroupMemberForm) -> bool:
    """Save the roster row through the service; its refusals become the form's errors."""
    try:
        services.group_member_save(member=form.save(commit=False))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


@access(get=Who.MEMBER, post=Who.COORDINATOR)
def local_group(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = _organisation(request, slug)
    is_coordinator = membership is not None and membership.role == Membership.Role.COORDINATOR
    form = GroupMemberForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid() and _save_group_member(form):
        messages.success(
            request,
            _("%(name)s has been added to the local group.") % {"name": form.instance.name},
        )
        return redirect("diplomas:local_group", slug=organisation.slug)
    members = selectors.group_members_of(organisation)
    return render(
        request,
        "diplomas/local_group.html",
        {
            "organisation": organisation,
            "group_members": members,
            "summary": rules.LocalGroupSummary.of(members),
            "form": form if is_coordinator else None,
            "is_coordinator": is_coordinator,
        },
    )


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def group_member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, _m = _organisation(request, slug, coordinator=True)
    member = selectors.group_member_for(organisation, pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.group_member_remove(member=member)
        messages.success(
            request, _("%(name)s has been removed from the local group.") % {"name": member.name}
        )
        return redirect("diplomas:local_group", slug=organisation.slug)
    form = GroupMemberForm(request.POST or None, instance=member, organisation=organisation)
    if request.method == "POST" and form.is_valid() and _save_group_member(form):
        messages.success(request, _("The changes have been saved."))
        return redirect("diplomas:local_group", slug=organisation.slug)
    return render(
        request,
        "diplomas/group_member_edit.html",
        {"organisation": organisation, "member": member, "form": form},
    )


@access(get=Who.PUBLIC, post=Who.USER, note="needs the emailed token; accepting needs a login")
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    problem = (
        services.invitation_problem(invitation, request.user)
        if request.user.is_authenticated
        else None
    )
    if request.method == "POST" and problem is None:
        services.invitation_accept(invitation=invitation, user=request.user)
        messages.success(
            request,
            _("Welcome! You are now part of %(organisation)s.")
            % {"organisation": invitation.organisation},
        )
        return redirect("diplomas:dashboard", slug=invitation.organisation.slug)
    return render(
        request, "diplomas/invitation.html", {"invitation": invitation, "problem": problem}
    )


# --- public pages ------------------------------------------------------------------------------

PAGE_SIZE = 25


def _listing_filter(request: HttpRequest) -> DiplomaListingFilter:
    return DiplomaListingFilter(request.GET or None, queryset=selectors.public_diplomas())


@access(get=Who.PUBLIC)
def listing(request: HttpRequest) -> HttpResponse:
    listing_filter = _listing_filter(request)
    paginator = Paginator(listing_filter.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "diplomas/listing.html",
        {
            "filter": listing_filter,
            "page": page,
            "query": query.urlencode(),
        },
    )


def _open_data_errors(listing_filter: DiplomaListingFilter) -> HttpResponse | None:
    """Open data answers a bad filter with 400 and the reasons, in the reader's language:
    silently dropping the filter would hand over the whole register as if it were the rows
    asked for."""
    if not listing_filter.is_bound or listing_filter.is_valid():
        return None
    errors = {
        field: [str(message) for message in field_errors]
        for field, field_errors in listing_filter.errors.items()
    }
    body = {"detail": str(_("The filters are not valid; nothing was exported.")), "errors": errors}
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        status=400,
        content_type="application/json",
    )


def _open_data(request: HttpRequest, kind: str, render) -> HttpResponse:
    """The stored export for this filter (open_data.export_stored): built with one query the
    first time after a change, then served as stored bytes, gzip and 304 included."""
    errors: list[HttpResponse] = []

    def build() -> open_data.Export | None:
        listing_filter = _listing_filter(request)
        if error := _open_data_errors(listing_filter):
            errors.append(error)
            return None
        return render(list(open_data.rows(request, listing_filter.qs)))

    key = open_data.export_key(request, kind)
    export = open_data.export_stored(key, build)
    if export is None:
        return errors[0]
    filename = "fairtrade-diplomas.csv" if kind == "csv" else ""
    # The next anonymous download of this address is answered from the top of the stack.
    page_cache.replay_later(request, "diplomas.open_data.replay", key, filename)
    return open_data.export_response(request, export, filename=filename)


def _csv_export(rows: list[dict]) -> open_data.Export:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=open_data.FIELD_NAMES)
    writer.writeheader()
    writer.writerows(rows)
    return open_data.export_build(buffer.getvalue().encode(), "text/csv; charset=utf-8")


@access(get=Who.PUBLIC, note="open data: the public listing's filtered rows")
def listing_csv(request: HttpRequest) -> HttpResponse:
    return _open_data(request, "csv", _csv_export)


@access(get=Who.PUBLIC, note="open data: the public listing's filtered rows")
def listing_json(request: HttpRequest) -> HttpResponse:
    def render(rows: list[dict]) -> open_data.Export:
        body = {
            "schema": request.build_absolute_uri(reverse("diplomas:open_data")),
            "generated": timezone.now().isoformat(timespec="seconds"),
            "count": len(rows),
            "results": rows,
        }
        return open_data.export_build(
            json.dumps(body, ensure_ascii=False, indent=1).encode(), "application/json"
        )

    return _open_data(request, "json", render)


@access(get=Who.PUBLIC, note="open data: the Frictionless Data Package describing the CSV")
def datapackage(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(open_data.data_package(request), ensure_ascii=False, indent=1),
        content_type="application/json",
    )


@access(get=Who.PUBLIC)
def open_data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "diplomas/open_data.html", {"columns": open_data.COLUMNS})


@access(get=Who.PUBLIC)
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.public_organisation(slug)
    report = selectors.last_approved_report(organisation)
    is_region = organisation.kind == organisation.Kind.REGION
    shares = selectors.purchase_shares(organisation)
    return render(
        request,
        "diplomas/profile.html",
        {
            "organisation": organisation,
            "diploma": organisation.diploma,
            "last_renewed": organisation.last_renewed,
            "report": report,
            "badges": selectors.criteria_badges(report) if report else [],
            "shares": shares,
            "shares_chart": year_bars([(y, v, percent(v)) for y, v in shares], peak=100),
            "sections": extensions.profile_sections(organisation),
            "region_share": rules.region_resident_share(organisation) if is_region else None,
            "diplomated_municipalities": (
                selectors.diplomated_municipalities_of(organisation) if is_region else []
            ),
        },
    )


@access(get=Who.PUBLIC)
def criteria(request: HttpRequest) -> HttpResponse:
    return render(request, "diplomas/criteria.html", {"kinds": selectors.public_criteria()})


@access(get=Who.PUBLIC)
def criteria_version(request: HttpRequest, kind: str, version: str) -> HttpResponse:
    criteria_set = selectors.public_criteria_set(kind, version)
    try:
        in_force = services.criteria_set_valid_on(kind, timezone.localdate())
    except ValidationError:
        in_force = None
    return render(
        request,
        "diplomas/criteria_version.html",
        {"criteria_set": criteria_set, "in_force": in_force},
    )


@access(get=Who.PUBLIC)
def statistics(request: HttpRequest) -> HttpResponse:
    stats = selectors.network_statistics()
    peak_county = max((c.cities + c.regions for c in stats.by_county), default=0) or 1
    return render(
        request,
        "diplomas/statistics.html",
        {
            "stats": stats,
            "peak_county": peak_county,
            "chart": year_bars([(row.year, row.held, row.held) for row in stats.by_year]),
        },
    )


@access(get=Who.PUBLIC)
def diploma_map(request: HttpRequest) -> HttpResponse:
    """The listing's rows on a map of Sweden, drawn here as SVG. Same filter and query string as
    the listing; like the listing, bad input is shown beside its field and the valid filters
    still apply (never a 400)."""
    listing_filter = _listing_filter(request)
    diplomas = list(listing_filter.qs)  # one query; the template does no database access
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "diplomas/map.html",
        {
            "filter": listing_filter,
            "diplomas": diplomas,
            "marks": geo.map_marks(diplomas),
            "outline": geo.outline(),
            "city_radius": geo.CITY_RADIUS,
            "hit_radius": geo.HIT_RADIUS,
            "query": query.urlencode(),
        },
    )
