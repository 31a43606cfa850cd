"""The network app's share of a person's export and erasure (accounts/personal_data.py): orders
of printed handbooks, which are kept by email address, and how long they are kept; the
person's choices for the member directory (deleted with the account); and how long the
comments given to "Was this page useful?" are kept (anonymous, but people may write a name)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Part, eraser, exporter, iso, stored
from accounts.retention import rule

from .models import DirectoryEntry, FeedbackAnswer, LastVisit, PersonalFeed, PrintOrder

PRINT_ORDER_YEARS = 2


@exporter("handbook_orders")
def export_orders(user) -> Part:
    return Part(
        data={
            "orders": [
                {
                    "organisation": o.organisation,
                    "quantity": o.quantity,
                    "contact_name": o.contact_name,
                    "email": o.email,
                    "phone": o.phone,
                    "street": o.street,
                    "postal_code": o.postal_code,
                    "city": o.city,
                    "message": o.message,
                    "status": o.status,
                    "ordered_at": iso(o.created_at),
                }
                for o in PrintOrder.objects.filter(email__iexact=user.email)
            ]
        }
    )


@exporter("news")
def export_news(user) -> Part:
    """When the person was last seen (for "new since your last visit") and whether they have a
    personal feed (its secret address is not exported: it is a credential)."""
    visit = LastVisit.objects.filter(user=user).first()
    feed = PersonalFeed.objects.filter(user=user).first()
    return Part(
        data={
            "last_visit": {"seen_at": iso(visit.seen_at), "new_since": iso(visit.since)}
            if visit
            else None,
            "personal_feed_created_at": iso(feed.created_at) if feed else None,
        }
    )


@eraser("handbook_orders")
def erase_orders(user, *, former_member) -> None:
    PrintOrder.objects.filter(email__iexact=user.email).delete()


@rule(
    "print_orders",
    what=_("Orders of printed handbooks (name, address, email, phone)"),
    after=_("2 years after the order"),
)
def delete_old_orders(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=365 * PRINT_ORDER_YEARS)
    deleted, _per_model = PrintOrder.objects.filter(created_at__lt=cutoff).delete()
    return deleted


FEEDBACK_COMMENT_DAYS = 365


@exporter("member_directory")
def export_directory_entry(user) -> Part:
    entry = DirectoryEntry.objects.filter(user=user).first()
    if entry is None:
        return Part(data={})
    return Part(
        data={
            "title": entry.title,
            "phone": entry.phone,
            "show_title": entry.show_title,
            "show_phone": entry.show_phone,
            "show_email": entry.show_email,
            "updated_at": iso(entry.updated_at),
        }
    )


@rule(
    "page_feedback_comments",
    what=_("Comments given to “Was this page useful?” (the yes or no stays, without the comment)"),
    after=_("1 year after the answer"),
)
def delete_old_feedback_comments(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=FEEDBACK_COMMENT_DAYS)
    return (
        FeedbackAnswer.objects.filter(created_at__lt=cutoff).exclude(comment="").update(comment="")
    )


stored(
    "handbook_orders",
    _(
        "Orders of printed handbooks: the contact person, delivery address, email and phone – to "
        "send the books."
    ),
    order=70,
)
stored(
    "intranet",
    _(
        "What you share and write on the intranet – resources, good examples and their images, "
        "comments, your saved examples – with your name and organisation, so that the network "
        "knows who to ask; and what you choose to show in the member directory."
    ),
    order=110,
)
stored(
    "last_visit",
    _(
        "When you last visited the intranet – to show what is new since then – and, if you "
        "asked for one, the secret address of your personal news feed."
    ),
    order=120,
)


# --- events: registrations, and the needs erased 30 days after the event -----------------------


@exporter("event_registrations")
def export_event_registrations(user) -> Part:
    from .models import Registration

    registrations = Registration.objects.filter(user=user).select_related("event")
    return Part(
        data={
            "registrations": [
                {
                    "event": r.event.title_sv,
                    "start": iso(r.event.start),
                    "status": r.status,
                    "needs": r.needs,
                    "attended": r.attended,
                    "registered_at": iso(r.queued_at),
                }
                for r in registrations
            ]
        }
    )


@eraser("event_registrations")
def erase_event_registrations(user, *, former_member) -> None:
    """Give up the person's places in events to come first, so the waiting list moves up; the
    rows go with the account."""
    from django.utils import timezone

    from .models import Registration
    from .services.events import event_cancel

    upcoming = Registration.objects.filter(user=user, event__start__gt=timezone.now()).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in upcoming.select_related("event"):
        event_cancel(event=registration.event, user=user)


@rule(
    "event_needs",
    what=_("Dietary and accessibility needs given when registering for an event"),
    after=_("30 days after the event"),
)
def erase_old_event_needs(now: dt.datetime) -> int:
    from .models import Registration
    from .models.events import NEEDS_KEPT_DAYS

    cutoff = now - dt.timedelta(days=NEEDS_KEPT_DAYS)
    return Registration.objects.filter(event__end__lt=cutoff).exclude(needs="").update(needs="")


stored(
    "event_registrations",
    _(
        "Your registrations for events – the place or the waiting list, whether you attended, "
        "and the dietary or accessibility needs you gave (erased 30 days after the event) – so "
        "that Fairtrade Sverige can plan the event and remind you of it."
    ),
    order=115,
)


# --- discussions: posts, follows and the email choice ---------------------------------------------


@exporter("discussions")
def export_discussions(user) -> Part:
    from .models import DiscussionChoice, Follow, Post

    posts = Post.objects.filter(author=user).select_related("thread").order_by("created_at", "pk")
    files = [
        (f"discussions/{post.pk}-{post.attachment_name or 'file'}", post.attachment.name)
        for post in posts
        if post.attachment
    ]
    follows = Follow.objects.filter(user=user).select_related("thread", "topic")
    choice = DiscussionChoice.objects.filter(user=user).first()
    return Part(
        data={
            "posts": [
                {
                    "thread": post.thread.title,
                    "text": post.body,
                    "attachment": post.attachment_name,
                    "written_at": iso(post.created_at),
                    "changed_at": iso(post.edited_at),
                    "hidden": post.hidden,
                    "hidden_reason": post.hidden_reason,
                }
                for post in posts
            ],
            "threads_started": list(
                user.discussion_threads.order_by("created_at").values_list("title", flat=True)
            ),
            "follows": [
                {
                    "thread": follow.thread.title if follow.thread_id else None,
                    "topic": follow.topic.name_sv if follow.topic_id else None,
                    "following": follow.following,
                    "since": iso(follow.created_at),
                }
                for follow in follows
            ],
            "new_posts_by_email": choice.delivery if choice else DiscussionChoice.Delivery.EACH,
        },
        files=files,
    )


@eraser("discussions")
def erase_discussions(user, *, former_member) -> None:
    """The person's posts lose their text and files (the thread stays readable, the post shown
    as removed) and their name; follows and the email choice go with the account."""
    from .models import Post

    for post in Post.objects.filter(author=user).exclude(attachment=""):
        post.attachment.delete(save=False)
    Post.objects.filter(author=user).update(
        body="", attachment="", attachment_name="", attachment_size=None, author=None
    )


stored(
    "discussions",
    _(
        "What you write in the discussions – posts, attached files, the threads you start – "
        "with your name; what you follow and whether you want one email per post or a daily "
        "digest."
    ),
    order=116,
)
