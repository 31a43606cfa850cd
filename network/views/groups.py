"""Group spaces: the groups a person is in, a group's page with its latest activity, and the
members page where the group's admins (and staff) add and remove people. A group and all of it
answers 404 to everyone outside it (``network.selectors.groups``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access
from procurement.selectors.followup import shared_in_category

from .. import services
from ..content import render_markdown
from ..forms import GroupMemberForm
from ..selectors import groups as selectors
from ..selectors.discussions import topics_for
from ..selectors.events import event_listing
from ..selectors.group_activity import latest_activity


@access(get=Who.NETWORK)
def group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/groups/list.html",
        {"groups": list(selectors.group_listing(request.user))},
    )


@access(get=Who.NETWORK, note="404 for anyone outside the group (staff see every group)")
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_for(request.user, slug)
    language = group.text_language("description")
    return render(
        request,
        "network/groups/detail.html",
        {
            "group": group,
            "description": render_markdown(group.text_in("description", language)).html,
            "description_language": language,
            "members": selectors.group_members(group),
            "activity": latest_activity(group, request.user),
            "topics": list(topics_for(request.user).filter(group=group)),
            "events": list(event_listing(request.user).filter(group=group)[:5]),
            "may_manage": selectors.is_group_admin(request.user, group),
            "shared_followups": shared_in_category(group.category_id) if group.category_id else [],
        },
    )


@access(get=Who.NETWORK, post=Who.NETWORK, note="the group's admins and staff; others get 404")
def group_members(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_to_manage(request.user, slug)
    form = GroupMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["email"]
        services.group_member_add(
            group=group, user=person, by=request.user, is_admin=form.cleaned_data["is_admin"]
        )
        messages.success(
            request,
            _("%(name)s is a member of %(group)s.")
            % {"name": person.name or person.email, "group": group.name},
        )
        return redirect("network:group_members", slug=group.slug)
    return render(
        request,
        "network/groups/members.html",
        {"group": group, "members": selectors.group_members(group), "form": form},
    )


@access(get=Who.NOBODY, post=Who.NETWORK, note="the group's admins and staff; others get 404")
def group_member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_to_manage(request.user, slug)
    membership = get_object_or_404(group.memberships.select_related("user"), pk=pk)
    services.group_member_remove(membership=membership, by=request.user)
    messages.success(
        request,
        _("%(name)s is no longer a member of %(group)s.")
        % {"name": membership.user.name or membership.user.email, "group": group.name},
    )
    if membership.user_id == request.user.pk and not request.user.is_staff:
        return redirect("network:groups")  # an admin who left no longer sees the group
    return redirect("network:group_members", slug=group.slug)
