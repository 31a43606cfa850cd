"""Who sees which good example.

Published (approved) examples are seen by every member of the network; an example that is not
yet published only by the members of its own organisation and by staff. Anyone else gets 404,
so the address of a draft reveals nothing.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from diplomas.models import Membership
from diplomas.selectors import network_organisations_of

from ..models import GoodExample, GoodExampleComment, GoodExampleImage, SavedExample

Status = GoodExample.Status


def _first_images() -> Prefetch:
    return Prefetch("images", queryset=GoodExampleImage.objects.order_by("position", "id"))


def _listed(queryset: QuerySet[GoodExample], user) -> QuerySet[GoodExample]:
    return (
        queryset.select_related("organisation", "criterion")
        .prefetch_related(_first_images())
        .annotate(is_saved=Exists(SavedExample.objects.filter(example=OuterRef("pk"), user=user)))
    )


def published_examples(user, *, theme: str = "") -> QuerySet[GoodExample]:
    examples = GoodExample.objects.filter(status=Status.APPROVED)
    if theme:
        examples = examples.filter(theme=theme)
    return _listed(examples, user).order_by("-approved_at", "-id")


def own_unpublished_examples(user) -> QuerySet[GoodExample]:
    """The examples of the user's organisations that others cannot see yet."""
    return _listed(
        GoodExample.objects.filter(organisation__in=network_organisations_of(user)).exclude(
            status=Status.APPROVED
        ),
        user,
    ).order_by("-updated_at", "-id")


def waiting_examples(user) -> QuerySet[GoodExample]:
    """Staff's moderation queue, oldest first."""
    return _listed(GoodExample.objects.filter(status=Status.SUBMITTED), user).order_by(
        "submitted_at", "id"
    )


def saved_examples(user) -> QuerySet[GoodExample]:
    return _listed(
        GoodExample.objects.filter(
            status=Status.APPROVED,
            pk__in=SavedExample.objects.filter(user=user).values("example_id"),
        ),
        user,
    ).order_by("-approved_at", "-id")


def _visible_q(user) -> Q:
    if user.is_staff:
        return Q()
    return Q(status=Status.APPROVED) | Q(organisation__in=network_organisations_of(user))


def example_for(user, pk: int) -> GoodExample:
    example = (
        _listed(GoodExample.objects.filter(_visible_q(user), pk=pk), user)
        .select_related("contact_person", "author")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=GoodExampleComment.objects.select_related("author").order_by(
                    "created_at", "id"
                ),
            )
        )
        .first()
    )
    if example is None:
        raise Http404
    return example


def coordinator_organisations(user):
    """The organisations of the network the user may write good examples for."""
    return network_organisations_of(user).filter(
        memberships__user=user, memberships__role=Membership.Role.COORDINATOR
    )


def editable_example_for(user, pk: int) -> GoodExample:
    """An example a coordinator of its organisation may change (until it is published)."""
    example = example_for(user, pk)
    if not example.is_editable:
        raise Http404
    if not coordinator_organisations(user).filter(pk=example.organisation_id).exists():
        raise Http404
    return example


def image_for(user, example_pk: int, pk: int) -> GoodExampleImage:
    example = GoodExample.objects.filter(_visible_q(user), pk=example_pk).first()
    image = example and GoodExampleImage.objects.filter(example=example, pk=pk).first()
    if not image:
        raise Http404
    return image


def comment_for(user, example_pk: int, pk: int) -> GoodExampleComment:
    example = GoodExample.objects.filter(_visible_q(user), pk=example_pk).first()
    comment = example and GoodExampleComment.objects.filter(example=example, pk=pk).first()
    if not comment or (comment.author_id != user.pk and not user.is_staff):
        raise Http404
    return comment
