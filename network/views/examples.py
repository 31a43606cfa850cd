"""Good examples: the list, one example with its comments, writing one, staff's review."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access

from .. import services
from ..content import render_markdown
from ..forms import CommentForm, GoodExampleForm, SendBackForm, ThemeFilterForm
from ..selectors import examples as selectors

PAGE_SIZE = 20


def _page(request: HttpRequest, queryset):
    # list() runs the query now, so the template does no database access of its own.
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


@access(get=Who.NETWORK)
def examples(request: HttpRequest) -> HttpResponse:
    filter_form = ThemeFilterForm(request.GET or None)
    theme = filter_form.cleaned_data["theme"] if filter_form.is_valid() else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/examples/list.html",
        {
            "filter_form": filter_form,
            "page": _page(request, selectors.published_examples(request.user, theme=theme)),
            "query": query.urlencode(),
            "own": list(selectors.own_unpublished_examples(request.user)),
            "may_write": selectors.coordinator_organisations(request.user).exists(),
        },
    )


@access(get=Who.NETWORK)
def saved(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/examples/saved.html",
        {"page": _page(request, selectors.saved_examples(request.user)), "query": ""},
    )


@access(get=Who.STAFF)
def waiting(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/examples/waiting.html",
        {"page": _page(request, selectors.waiting_examples(request.user)), "query": ""},
    )


def _write(request: HttpRequest, example=None) -> HttpResponse:
    organisations = list(selectors.coordinator_organisations(request.user))
    form = GoodExampleForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        example=example,
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            example = services.good_example_save(
                example=example,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                data=form.cleaned_data,
                images=form.images(),
                remove_image_ids=form.remove_image_ids(),
                submit=submit,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Sent for review. Fairtrade Sverige reads it before others see it.")
                if submit
                else _("Saved as a draft. Only your organisation sees it."),
            )
            return redirect("network:example", example.pk)
    return render(
        request,
        "network/examples/edit.html",
        {"form": form, "example": example, "may_write": bool(organisations)},
    )


@access(get=Who.NETWORK, post=Who.NETWORK, note="coordinators write; others read why not")
def new(request: HttpRequest) -> HttpResponse:
    return _write(request)


@access(get=Who.NETWORK, post=Who.NETWORK, note="coordinators of its organisation, unpublished")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _write(request, selectors.editable_example_for(request.user, pk))


@access(get=Who.NETWORK, post=Who.NETWORK, note="POST adds a comment")
def example(request: HttpRequest, pk: int) -> HttpResponse:
    example = selectors.example_for(request.user, pk)
    published = example.status == example.Status.APPROVED
    comment_form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not published:
            raise Http404
        if comment_form.is_valid():
            services.good_example_comment_add(
                example=example, by=request.user, text=comment_form.cleaned_data["text"]
            )
            messages.success(request, _("Your comment is published."))
            return redirect(f"{example_url(example)}#comments")
    editable = (
        example.is_editable
        and selectors.coordinator_organisations(request.user)
        .filter(pk=example.organisation_id)
        .exists()
    )
    return render(
        request,
        "network/examples/detail.html",
        {
            "example": example,
            "html": render_markdown(example.text, id_prefix="example-").html,
            "published": published,
            "editable": editable,
            "comment_form": comment_form,
            "send_back_form": SendBackForm(),
        },
    )


def example_url(example) -> str:
    from django.urls import reverse

    return reverse("network:example", args=[example.pk])


@access(get=Who.NOBODY, post=Who.NETWORK, note="save to or remove from Mina sparade exempel")
def toggle_saved(request: HttpRequest, pk: int) -> HttpResponse:
    example = selectors.example_for(request.user, pk)
    if example.status != example.Status.APPROVED:
        raise Http404
    if services.good_example_toggle_saved(example=example, user=request.user):
        messages.success(request, _("Saved to your list of good examples."))
    else:
        messages.success(request, _("Removed from your list of good examples."))
    return redirect(example_url(example))


@access(get=Who.NOBODY, post=Who.NETWORK, note="the comment's author, or staff")
def delete_comment(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = selectors.comment_for(request.user, pk, comment_pk)
    services.good_example_comment_delete(comment=comment, by=request.user)
    messages.success(request, _("Your comment is deleted."))
    return redirect(f"{example_url(comment.example)}#comments")


@access(get=Who.NOBODY, post=Who.STAFF, note="approve or send back")
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    example = selectors.example_for(request.user, pk)
    try:
        if request.POST.get("action") == "approve":
            services.good_example_approve(example=example, by=request.user)
            messages.success(request, _("The example is published."))
        else:
            form = SendBackForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say what needs to change."))
                return redirect(example_url(example))
            services.good_example_send_back(
                example=example, by=request.user, message=form.cleaned_data["message"]
            )
            messages.success(request, _("The example is sent back to its author."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(example_url(example))
    return redirect("network:examples_waiting")


@access(get=Who.NETWORK, note="an image of an example the reader may see, as an attachment")
def image(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    picture = selectors.image_for(request.user, pk, image_pk)
    try:
        handle = picture.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(picture.image.name)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=picture.filename or None, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
