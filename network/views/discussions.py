"""Discussions: the topics, a topic's threads, a thread with its posts and the reply form,
starting a thread, changing one's post, following; staff's hide, lock and move; the signed
unfollow link of the emails. A group's topics and threads answer 404 outside the group."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from fairtrade_portal.access import Who, access

from ..forms.discussions import (
    DeliveryForm,
    HidePostForm,
    MoveThreadForm,
    PostEditForm,
    ReplyForm,
    ThreadForm,
)
from ..selectors import discussions as selectors
from ..services import discussions as services


def _page(request: HttpRequest, queryset, size: int, number=None):
    # list() runs the query now, so the template does no database access of its own.
    page = Paginator(queryset, size).get_page(number or request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def _thread_url(thread) -> str:
    return reverse("network:discussion_thread", args=[thread.pk])


@access(get=Who.NETWORK)
def topics(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/discussions/topics.html",
        {"topics": list(selectors.topics_for(request.user))},
    )


@access(get=Who.NETWORK)
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_for(request.user, slug)
    return render(
        request,
        "network/discussions/topic.html",
        {
            "topic": topic,
            "page": _page(
                request, selectors.threads_of(request.user, topic), selectors.THREAD_PAGE_SIZE
            ),
            "query": "",
        },
    )


@access(get=Who.NETWORK, post=Who.NETWORK, note="members start a thread in a topic they see")
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_for(request.user, slug)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        thread = services.thread_start(
            topic=topic,
            by=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            upload=form.cleaned_data.get("attachment"),
        )
        messages.success(request, _("Your thread is started. You follow it."))
        return redirect(_thread_url(thread))
    return render(request, "network/discussions/thread_new.html", {"topic": topic, "form": form})


@access(get=Who.NETWORK, post=Who.NETWORK, note="POST replies; refused in a locked thread")
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_for(request.user, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if thread.locked:
            raise PermissionDenied(_("The thread is locked: it takes no new replies."))
        if form.is_valid():
            post = services.post_reply(
                thread=thread,
                by=request.user,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data.get("attachment"),
            )
            messages.success(request, _("Your reply is published."))
            return redirect(selectors.post_path(post))
    number = None
    wanted = request.GET.get("post", "")
    if wanted.isdigit():
        post = thread.posts.filter(pk=int(wanted)).first()
        if post is not None:
            number = selectors.post_page(post)
    page = _page(request, selectors.posts_of(thread), selectors.POST_PAGE_SIZE, number)
    mentions = selectors.Mentions.load()
    rows = [
        {
            "post": post,
            "html": "" if post.hidden else services.render_post(post.body, mentions),
            "editable": post.editable_by(request.user),
        }
        for post in page.object_list
    ]
    staff = request.user.is_staff
    return render(
        request,
        "network/discussions/thread.html",
        {
            "thread": thread,
            "topic": thread.topic,
            "page": page,
            "rows": rows,
            "query": "",
            "form": form,
            "following": selectors.follows_thread(request.user, thread),
            "hide_form": HidePostForm() if staff else None,
            "move_form": MoveThreadForm(thread=thread) if staff else None,
        },
    )


@access(get=Who.NOBODY, post=Who.NETWORK, note="follow or stop following a thread")
def thread_follow(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_for(request.user, pk)
    following = request.POST.get("follow") == "1"
    services.thread_follow_set(thread=thread, user=request.user, following=following)
    messages.success(
        request,
        _("You follow the thread: new posts are emailed to you.")
        if following
        else _("You no longer follow the thread."),
    )
    return redirect(_thread_url(thread))


@access(get=Who.NOBODY, post=Who.NETWORK, note="follow or stop following a topic")
def topic_follow(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_for(request.user, slug)
    following = request.POST.get("follow") == "1"
    services.topic_follow_set(topic=topic, user=request.user, following=following)
    messages.success(
        request,
        _("You follow the topic: new posts in all its threads are emailed to you.")
        if following
        else _("You no longer follow the topic."),
    )
    return redirect("network:discussion_topic", slug=topic.slug)


@access(get=Who.NETWORK, post=Who.NETWORK, note="the post's author, for 30 minutes")
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_for(request.user, pk)
    if not post.editable_by(request.user):
        raise PermissionDenied(_("A post can be changed by its author for 30 minutes."))
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        post = services.post_edit(post=post, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Your post is changed."))
        return redirect(selectors.post_path(post))
    return render(
        request,
        "network/discussions/post_edit.html",
        {"post": post, "thread": post.thread, "form": form},
    )


@access(get=Who.NETWORK, note="a post's attachment, for those who see the thread")
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_for(request.user, pk)
    if not post.attachment or (post.hidden and not request.user.is_staff):
        raise Http404
    try:
        handle = post.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=post.attachment_name or post.attachment.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@access(get=Who.NOBODY, post=Who.STAFF, note="hide with a reason, or show again")
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_for(request.user, pk)
    if request.POST.get("action") == "unhide":
        services.post_unhide(post=post, by=request.user)
        messages.success(request, _("The post is shown again."))
        return redirect(selectors.post_path(post))
    form = HidePostForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the post is hidden: its author is told."))
        return redirect(selectors.post_path(post))
    try:
        services.post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The post is hidden and its author told why."))
    return redirect(selectors.post_path(post))


@access(get=Who.NOBODY, post=Who.STAFF, note="lock or unlock a thread")
def thread_lock(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_for(request.user, pk)
    locked = request.POST.get("lock") == "1"
    services.thread_lock_set(thread=thread, by=request.user, locked=locked)
    messages.success(
        request,
        _("The thread is locked: it takes no new replies.")
        if locked
        else _("The thread is open for replies again."),
    )
    return redirect(_thread_url(thread))


@access(get=Who.NOBODY, post=Who.STAFF, note="move a thread to another topic")
def thread_move(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_for(request.user, pk)
    form = MoveThreadForm(request.POST, thread=thread)
    if not form.is_valid():
        messages.error(request, _("Choose one of the topics."))
        return redirect(_thread_url(thread))
    services.thread_move(thread=thread, by=request.user, topic=form.cleaned_data["topic"])
    messages.success(
        request, _("The thread is moved to %(topic)s.") % {"topic": form.cleaned_data["topic"]}
    )
    return redirect(_thread_url(thread))


@access(get=Who.NETWORK, post=Who.NETWORK, note="each post by email or a daily digest")
def email_choice(request: HttpRequest) -> HttpResponse:
    form = DeliveryForm(
        request.POST or None, initial={"delivery": selectors.delivery_of(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        services.delivery_set(user=request.user, delivery=form.cleaned_data["delivery"])
        messages.success(request, _("Your choice is saved."))
        return redirect("network:discussion_email")
    return render(
        request,
        "network/discussions/email.html",
        {
            "form": form,
            "threads": list(selectors.followed_threads(request.user)[:200]),
            "followed_topics": list(selectors.followed_topics(request.user)),
        },
    )


# Mail programs send the RFC 8058 one-click POST without a CSRF token; the signed token in the
# URL is what authorises it, and it can only stop the emails of one thread.
@csrf_exempt
@access(get=Who.PUBLIC, post=Who.PUBLIC, note="signed link from an email; can only unfollow")
def unfollow(request: HttpRequest, token: str) -> HttpResponse:
    thread = services.unfollow_target(token)
    if thread is None:
        return render(request, "network/discussions/unfollow.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        services.thread_follow_set(thread=thread, user=thread.unfollower, following=False)
        done = True
    return render(
        request,
        "network/discussions/unfollow.html",
        {"title": thread.title, "done": done, "token": token},
    )
