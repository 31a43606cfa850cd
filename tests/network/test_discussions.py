"""Discussions: members start threads and reply (Markdown, sanitised, links nofollow ugc),
change their post for 30 minutes and attach files; followers are emailed each new post once
(or in a daily digest), with a one-click unfollow for the thread; mentions of an organisation
email its coordinators; staff hide, lock and move; a group's threads are its members' only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.models import (
    DiscussionChoice,
    Follow,
    Group,
    GroupMembership,
    Post,
    Thread,
    Topic,
)
from network.selectors.group_activity import latest_activity
from network.services import discussions as services
from notifications.models import EmailKind, EmailOptOut, Reminder
from notifications.services import reminders_sweep
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "dagordning.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture
def topic(db) -> Topic:
    return Topic.objects.create(slug="upphandling", name_sv="Upphandling", name_en="Procurement")


@pytest.fixture
def group(member, coordinator) -> Group:
    group = Group.objects.create(
        slug="samverkansgruppen", kind=Group.Kind.COLLABORATION, name_sv="Samverkansgruppen"
    )
    GroupMembership.objects.create(group=group, user=member)
    GroupMembership.objects.create(group=group, user=coordinator)
    return group


@pytest.fixture
def group_topic(group) -> Topic:
    return Topic.objects.create(slug="samverkan", name_sv="Samverkan", group=group)


def start(topic, author, title="Hur följer ni upp kaffeavtalet?", body="Hej **alla**!"):
    return services.thread_start(topic=topic, by=author, title=title, body=body)


def make_discussion(member, coordinator, staff) -> Thread:
    """For the crawl and the fuzzing: a network topic with a thread, replies (a mention, an
    attachment, a hidden post, staff's), and a group's topic with the member's thread."""
    from django.core.files.base import ContentFile

    topic = Topic.objects.create(slug="kaffe", name_sv="Kaffe", description_sv="Om kaffe")
    thread = services.thread_start(topic=topic, by=member, title="Kaffeavtal", body="Hej **alla**")
    services.post_reply(thread=thread, by=coordinator, body="Fråga @Lund, se [här](https://a.se)")
    reply = services.post_reply(thread=thread, by=staff, body="Från kansliet")
    reply.attachment.save("lista.pdf", ContentFile(PDF), save=False)
    reply.attachment_name = "lista.pdf"
    reply.save()
    hidden = services.post_reply(thread=thread, by=member, body="Reklam")
    Post.objects.filter(pk=hidden.pk).update(hidden=True, hidden_reason="Reklam", hidden_by=staff)
    group = Group.objects.create(slug="crawlgruppen", kind=Group.Kind.PROJECT, name_sv="Gruppen")
    GroupMembership.objects.create(group=group, user=member)
    group_topic = Topic.objects.create(slug="gruppens", name_sv="Gruppens", group=group)
    services.thread_start(topic=group_topic, by=member, title="Gruppens möte", body="Dagordning")
    return thread


def thread_url(thread) -> str:
    return f"/diskussion/trad/{thread.pk}/"


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


# --- writing ----------------------------------------------------------------------------------


def test_a_member_starts_a_thread_others_reply_and_the_markdown_is_sanitised(
    client, network, topic, member, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/diskussion/upphandling/ny/",
            {
                "title": "  Kaffe   i skolorna ",
                "body": "Se [listan](https://example.org/x) **nu**.\n\n<script>alert(1)</script>"
                "\n\n![spår](https://tracker.example/p.png)",
            },
        )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert thread.title == "Kaffe i skolorna"
    assert Follow.objects.filter(user=member, thread=thread, following=True).exists()
    page = client.get(thread_url(thread)).text
    assert "<strong>nu</strong>" in page
    assert 'rel="nofollow ugc noopener noreferrer"' in page
    assert "<script>alert" not in page
    assert "tracker.example" not in page  # no images from elsewhere

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(thread_url(thread), {"body": "Vi gör stickprov."})
    post = Post.objects.latest("pk")
    assert response["Location"] == f"/diskussion/trad/{thread.pk}/?post={post.pk}#post-{post.pk}"
    # The thread's author follows it and is emailed the reply, with its link and an unfollow.
    [message] = sent_to(member.email)
    assert f"?post={post.pk}#post-{post.pk}" in message.body
    assert "/diskussion/sluta-folja/" in message.body
    assert (
        message.extra_headers["List-Unsubscribe"].startswith(
            "<http://testserver/diskussion/sluta-folja/"
        )
        or "/diskussion/sluta-folja/" in message.extra_headers["List-Unsubscribe"]
    )
    assert not sent_to(coordinator.email)  # not to the reply's own author
    thread.refresh_from_db()
    assert thread.last_post_at == post.created_at


def test_bad_input_gets_field_errors_and_changes_nothing(client, network, topic, member):
    client.force_login(member)
    response = client.post("/diskussion/upphandling/ny/", {"title": "  ", "body": " "})
    assert response.status_code == 200
    assert "Ge tråden en rubrik." in response.text
    assert "Skriv något." in response.text
    response = client.post(
        "/diskussion/upphandling/ny/",
        {"title": "Fil", "body": "Se bilagan", "attachment": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert not Thread.objects.exists()
    thread = start(topic, member)
    response = client.post(thread_url(thread), {"body": "x" * 20_001})
    assert response.status_code == 200
    assert thread.posts.count() == 1
    client.get("/en/")
    response = client.post(f"/en{thread_url(thread)}", {"body": ""})
    assert "Write something." in response.text


def test_an_attachment_is_downloaded_by_those_who_see_the_thread_only(
    client, network, group_topic, member, other_coordinator, staff
):
    client.force_login(member)
    client.post(
        "/diskussion/samverkan/ny/",
        {"title": "Dagordning", "body": "Bifogad.", "attachment": pdf_upload()},
    )
    post = Post.objects.get()
    assert post.attachment_name == "dagordning.pdf"
    download = client.get(f"/diskussion/inlagg/{post.pk}/fil/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    client.force_login(other_coordinator)
    assert client.get(f"/diskussion/inlagg/{post.pk}/fil/").status_code == 404
    client.force_login(staff)
    assert client.get(f"/diskussion/inlagg/{post.pk}/fil/").status_code == 200


def test_the_author_changes_a_post_for_30_minutes_then_no_more(
    client, network, topic, member, coordinator
):
    thread = start(topic, member)
    post = thread.posts.get()
    edit = f"/diskussion/inlagg/{post.pk}/andra/"
    client.force_login(coordinator)
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"body": "Kapat"}).status_code == 403
    client.force_login(member)
    assert edit in client.get(thread_url(thread)).text
    assert client.post(edit, {"body": "Rättat."}).status_code == 302
    post.refresh_from_db()
    assert post.body == "Rättat."
    assert post.edited_at is not None
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - dt.timedelta(minutes=31))
    assert edit not in client.get(thread_url(thread)).text
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"body": "För sent"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "Rättat."


# --- who sees what ----------------------------------------------------------------------------


def test_a_groups_threads_are_seen_by_its_members_and_staff_only(
    client, network, topic, group_topic, member, other_coordinator, staff
):
    own = start(group_topic, member, title="Nästa möte i samverkansgruppen")
    public = start(topic, member, title="Öppen tråd")
    post = own.posts.get()
    addresses = [
        thread_url(own),
        "/diskussion/samverkan/",
        "/diskussion/samverkan/ny/",
        f"/diskussion/inlagg/{post.pk}/fil/",
    ]
    client.force_login(other_coordinator)
    listing = client.get("/diskussion/").text
    assert "Samverkan" not in listing and "Upphandling" in listing
    assert "Öppen tråd" in client.get("/diskussion/upphandling/").text
    for address in addresses:
        assert client.get(address).status_code == 404, address
    assert client.post(thread_url(own), {"body": "Hej"}).status_code == 404
    assert client.post(f"/diskussion/trad/{own.pk}/folj/", {"follow": "1"}).status_code == 404
    assert own.posts.count() == 1
    for user in (member, staff):
        client.force_login(user)
        assert "Samverkan" in client.get("/diskussion/").text
        assert client.get(thread_url(own)).status_code == 200
    assert client.get(thread_url(public)).status_code == 200


def test_group_activity_lists_the_groups_latest_posts(network, group, group_topic, member, staff):
    thread = start(group_topic, member, title="Nästa möte")
    services.post_reply(thread=thread, by=staff, body="Onsdag?")
    activity = latest_activity(group, member)
    assert [item.title for item in activity if item.kind == "Diskussion"] == ["Nästa möte"] * 2
    outsider_view = [a for a in latest_activity(group, make_user("x@x.example", "X")) if a]
    assert not [item for item in outsider_view if item.title == "Nästa möte"]


# --- notifications ----------------------------------------------------------------------------


def test_a_reply_emails_each_follower_once_and_a_mentioned_follower_once(
    client, network, topic, member, coordinator, staff, django_capture_on_commit_callbacks
):
    thread = start(topic, member)
    services.topic_follow_set(topic=topic, user=coordinator, following=True)
    services.thread_follow_set(thread=thread, user=staff, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_reply(thread=thread, by=staff, body="Fråga @malmö om det!")
    # The member follows it and, as a member but not coordinator of Malmö, is not mentioned;
    # the coordinator follows the topic and is mentioned: one email each; staff wrote it.
    assert len(sent_to(member.email)) == 1
    [coordinator_mail] = sent_to(coordinator.email)
    assert "Malmö" in coordinator_mail.subject
    assert "(Fairtrade Sverige)" in coordinator_mail.body
    assert not sent_to(staff.email)
    keys = set(Reminder.objects.values_list("key", flat=True))
    assert keys == {
        f"discussion-post:{post.pk}:{member.pk}",
        f"discussion-post:{post.pk}:{coordinator.pk}",
    }
    # Sending again (a retried task) sends nothing twice.
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services._notify_new_post(post)
    assert len(mail.outbox) == count


def test_a_mention_links_the_longest_organisation_name_and_tells_its_coordinators(
    client, network, topic, member, django_capture_on_commit_callbacks
):
    from diplomas.models import Diploma, DiplomaKind, Membership

    region = make_organisation("12", "Region Skåne")
    Diploma.objects.create(
        organisation=region, kind=DiplomaKind.REGION, status=Diploma.Status.DIPLOMATED
    )
    regional = make_user("rut@skane.example", "Rut Region")
    Membership.objects.create(user=regional, organisation=region, role=Membership.Role.COORDINATOR)
    thread = start(topic, member)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(thread_url(thread), {"body": "Hej @Region Skåne, och @Lund!"})
    page = client.get(thread_url(thread)).text
    assert f'href="/katalog/{region.slug}/"' in page
    assert 'href="/katalog/lund/"' in page
    [message] = sent_to(regional.email)
    assert "Region Skåne" in message.subject
    assert Reminder.objects.get(recipient=regional).kind == EmailKind.MENTIONS


def test_a_mention_in_a_group_thread_reaches_only_coordinators_in_the_group(
    network, group_topic, member, other_coordinator, django_capture_on_commit_callbacks
):
    thread = start(group_topic, member)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread=thread, by=member, body="Vad tycker @Lund?")
    assert not sent_to(other_coordinator.email)


def test_an_edit_that_adds_a_mention_tells_only_the_newly_mentioned_coordinators(
    client,
    network,
    topic,
    member,
    coordinator,
    other_coordinator,
    django_capture_on_commit_callbacks,
):
    thread = start(topic, member)
    services.topic_follow_set(topic=topic, user=coordinator, following=True)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(thread_url(thread), {"body": "Hur gör @Malmö?"})
    post = thread.posts.latest("pk")
    assert len(sent_to(coordinator.email)) == 1  # the follower, mentioned
    edit = f"/diskussion/inlagg/{post.pk}/andra/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {"body": "Hur gör @Malmö och @Lund?"}).status_code == 302
    [lund_mail] = sent_to(other_coordinator.email)
    assert "Lund" in lund_mail.subject
    assert len(sent_to(coordinator.email)) == 1  # already told of this post
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, {"body": "Hur gör @Lund och @Malmö, tro?"})
    assert len(sent_to(other_coordinator.email)) == 1  # no new mention: nobody again
    assert len(sent_to(coordinator.email)) == 1


def test_a_post_that_mentioned_someone_is_not_in_their_digest_again(
    client, network, topic, member, coordinator, staff, django_capture_on_commit_callbacks
):
    thread = start(topic, member)
    services.thread_follow_set(thread=thread, user=coordinator, following=True)
    services.delivery_set(user=coordinator, delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread=thread, by=member, body="Fråga @Malmö!")
        services.post_reply(thread=thread, by=staff, body="Två")
    [mention] = sent_to(coordinator.email)  # the mention, at once
    assert "Malmö" in mention.subject
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(today=tomorrow)
    from notifications.services import reminders_send, reminders_sendable_ids

    reminders_send(reminders_sendable_ids())
    digest = sent_to(coordinator.email)[1]
    # The thread's first post and "Två"; not the mention, which came at once.
    assert "2 nya inlägg" in digest.body


def test_unfollowing_by_the_emails_link_works_without_login_and_only_after_a_click(
    client, network, topic, member, coordinator, django_capture_on_commit_callbacks
):
    thread = start(topic, member)
    services.topic_follow_set(topic=topic, user=member, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread=thread, by=coordinator, body="Svar")
    link = sent_to(member.email)[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://testserver").removeprefix("http://127.0.0.1:8000")
    path = path[path.index("/diskussion/") :]
    page = client.get(path)
    assert page.status_code == 200 and "<button" in page.text
    assert services.followers_of(thread) == {member.pk}  # a GET changes nothing
    assert client.post(path).status_code == 200  # a mail program's one-click POST, no CSRF
    assert services.followers_of(thread) == set()  # the topic is still followed, not this thread
    assert Follow.objects.filter(user=member, topic=topic, following=True).exists()
    assert client.get("/diskussion/sluta-folja/forged/").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread=thread, by=coordinator, body="Svar igen")
    assert len(sent_to(member.email)) == 1


def test_the_daily_digest_replaces_the_emails_and_is_sent_once(
    client, network, topic, member, coordinator, staff, django_capture_on_commit_callbacks
):
    thread = start(topic, member)
    client.force_login(member)
    assert client.post("/diskussion/e-post/", {"delivery": "sometimes"}).status_code == 200
    assert not DiscussionChoice.objects.exists()
    client.post("/diskussion/e-post/", {"delivery": "daily"})
    assert DiscussionChoice.objects.get(user=member).delivery == "daily"
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread=thread, by=coordinator, body="Ett")
        services.post_reply(thread=thread, by=staff, body="Två")
    assert not sent_to(member.email)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(today=tomorrow)
        reminders_sweep(today=tomorrow)  # a re-run records nothing new
    from notifications.services import reminders_send, reminders_sendable_ids

    reminders_send(reminders_sendable_ids())
    [digest] = sent_to(member.email)
    assert "2 nya inlägg" in digest.body
    assert thread.title in digest.body
    assert Reminder.objects.filter(key__startswith="discussion-digest:").count() == 1


def test_turned_off_discussion_emails_are_not_sent(
    network, topic, member, coordinator, django_capture_on_commit_callbacks
):
    thread = start(topic, member)
    EmailOptOut.objects.create(user=member, kind=EmailKind.DISCUSSION_POSTS)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread=thread, by=coordinator, body="Svar")
    assert not sent_to(member.email)
    assert Reminder.objects.get().status == Reminder.Status.SKIPPED


@pytest.mark.parametrize("language", ["sv", "en"])
def test_staff_hide_a_post_with_a_reason_and_the_author_is_told_in_their_language(
    client, network, topic, member, staff, language, django_capture_on_commit_callbacks
):
    member.language = language
    member.save()
    thread = start(topic, member, body="Köp av oss!")
    post = thread.posts.get()
    client.force_login(staff)
    assert client.post(f"/diskussion/inlagg/{post.pk}/dolj/", {"reason": " "}).status_code == 302
    post.refresh_from_db()
    assert not post.hidden
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/diskussion/inlagg/{post.pk}/dolj/", {"reason": "Reklam."})
    post.refresh_from_db()
    assert post.hidden and post.hidden_by == staff and post.hidden_reason == "Reklam."
    [message] = sent_to(member.email)
    assert "Reklam." in message.body
    assert message.subject.startswith("Your post" if language == "en" else "Ditt inlägg")
    client.force_login(member)
    page = client.get(thread_url(thread)).text
    assert "Köp av oss!" not in page
    assert "Dolt av Fairtrade Sverige." in page
    assert Post.objects.filter(pk=post.pk).exists()


def test_staff_lock_and_move_a_thread_and_only_staff(
    client, network, topic, group_topic, member, staff
):
    thread = start(topic, member)
    client.force_login(member)
    assert client.post(f"/diskussion/trad/{thread.pk}/las/", {"lock": "1"}).status_code == 403
    client.force_login(staff)
    client.post(f"/diskussion/trad/{thread.pk}/las/", {"lock": "1"})
    thread.refresh_from_db()
    assert thread.locked
    client.force_login(member)
    page = client.get(thread_url(thread)).text
    assert 'name="body"' not in page
    assert client.post(thread_url(thread), {"body": "Hallå?"}).status_code == 403
    assert thread.posts.count() == 1
    client.force_login(staff)
    assert "Fairtrade Sverige" in client.get(thread_url(thread)).text
    response = client.post(f"/diskussion/trad/{thread.pk}/flytta/", {"topic": "x"})
    assert response.status_code == 302
    client.post(f"/diskussion/trad/{thread.pk}/flytta/", {"topic": group_topic.pk})
    thread.refresh_from_db()
    assert thread.topic == group_topic


def test_staff_posts_are_marked_fairtrade_sverige(client, network, topic, member, staff):
    thread = start(topic, member)
    services.post_reply(thread=thread, by=staff, body="Från kansliet")
    client.force_login(member)
    page = client.get(thread_url(thread)).text
    assert page.count('class="badge badge-staff"') == 1


def test_a_topic_cannot_take_the_address_of_another_page(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Topic(slug="e-post", name_sv="E-post").full_clean()


# --- personal data ----------------------------------------------------------------------------


def test_posts_follows_and_the_choice_are_exported_and_erased(network, topic, member, coordinator):
    from accounts.personal_data import _ERASERS, _EXPORTERS, discover

    discover()
    thread = start(topic, member, body="Min text")
    services.post_reply(thread=thread, by=coordinator, body="Svar")
    services.delivery_set(user=member, delivery="daily")
    part = _EXPORTERS["discussions"](member)
    assert [p["text"] for p in part.data["posts"]] == ["Min text"]
    assert part.data["follows"][0]["thread"] == thread.title
    assert part.data["new_posts_by_email"] == "daily"
    _ERASERS["discussions"](member, former_member=None)
    post = thread.posts.order_by("pk").first()
    assert post.body == "" and post.author is None
    assert thread.posts.count() == 2  # the thread stays readable


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 60])
def test_the_lists_run_the_same_queries_at_two_sizes(
    client, network, topic, group_topic, member, count
):
    for n in range(count):
        Topic.objects.create(slug=f"t{n}", name_sv=f"Ämne {n}")
        thread = Thread.objects.create(topic=topic, title=f"Tråd {n}", author=member)
        Post.objects.create(thread=thread, author=member, body=f"Inlägg {n}")
    big = Thread.objects.create(topic=topic, title="Lång", author=member)
    for n in range(count):
        Post.objects.create(thread=big, author=member, body=f"Svar **{n}**")
        Follow.objects.create(user=member, thread=Thread.objects.create(topic=topic, title="f"))
    client.force_login(member)
    client.get("/diskussion/")  # the session's first page notes the visit
    pages = {
        "/diskussion/": TOPICS_QUERIES,
        "/diskussion/upphandling/": TOPIC_QUERIES,
        thread_url(big): THREAD_QUERIES,
        "/diskussion/e-post/": EMAIL_QUERIES,
    }
    counts = {}
    for path in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[path] = len(queries)
    assert counts == pages


TOPICS_QUERIES = 4
TOPIC_QUERIES = 7
THREAD_QUERIES = 8
EMAIL_QUERIES = 6


def test_the_demo_data_loads_twice_without_change(network, member, coordinator, staff):
    from network.demo.discussions import load_discussions

    load_discussions()
    load_discussions()
    assert Topic.objects.count() == 3  # no samverkansgrupp in this test: its topic is skipped
    assert Thread.objects.count() == 3
