"""A discussion in a group space, in the browser.

Mats, a member of Malmö, is in the samverkansgrupp with Sara, Malmö's coordinator, who follows
the thread "Nästa möte i samverkansgruppen". Mats replies, in Markdown; Sara gets one email
with a link to the reply and a link that stops the thread's emails, and opens the reply from
it. Olle, coordinator of Lund, is in the network but not in the group: the thread answers 404.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from network.models import Follow, Group, GroupMembership, Topic
from network.services import discussions

from .helpers import follow, submit
from .test_diploma_journey import expect_message, use_session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_replies_in_a_group_thread_the_other_member_is_emailed_outsiders_get_404(
    page,
    check_page,
    page_audit,
    settings,
    live_server,
    network,
    member,
    coordinator,
    other_coordinator,
    staff,
    mailoutbox,
):
    settings.SITE_URL = live_server.url
    group = Group.objects.create(
        slug="samverkansgruppen", kind=Group.Kind.COLLABORATION, name_sv="Samverkansgruppen"
    )
    for person in (member, coordinator):
        GroupMembership.objects.create(group=group, user=person)
    topic = Topic.objects.create(slug="samverkansgruppen", name_sv="Samverkansgruppen", group=group)
    thread = discussions.thread_start(
        topic=topic,
        by=staff,
        title="Nästa möte i samverkansgruppen",
        body="Skriv vad ni vill ta upp.",
    )
    Follow.objects.create(user=coordinator, thread=thread)
    mailoutbox.clear()

    # 1. Mats finds the thread through the menu and replies. -----------------------------------
    use_session_of(page, live_server.url, member)
    page.goto("/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="Diskussion").first)
    follow(page, check_page, page.get_by_role("link", name="Samverkansgruppen").last)
    follow(page, check_page, page.get_by_role("link", name="Nästa möte i samverkansgruppen"))
    expect(page.locator("main")).to_contain_text("Fairtrade Sverige")  # staff's post is marked
    page.get_by_label("Ditt svar").fill("Jag vill ta upp **materialet** till Fairtrade Challenge.")
    submit(page, check_page, page.get_by_role("button", name="Publicera svaret"))
    expect_message(page, "Ditt svar är publicerat")
    expect(page.locator("main strong", has_text="materialet")).to_be_visible()

    # 2. Sara, who follows the thread, gets one email and opens the reply from it. -------------
    to_sara = [message for message in mailoutbox if coordinator.email in message.to]
    assert len(to_sara) == 1
    assert not [message for message in mailoutbox if member.email in message.to]
    (message,) = to_sara
    assert "Nytt svar i ”Nästa möte i samverkansgruppen”" in message.subject
    link = next(
        word for word in message.body.split() if "?post=" in word and word.startswith("http")
    )
    assert "/diskussion/sluta-folja/" in message.extra_headers["List-Unsubscribe"]
    use_session_of(page, live_server.url, coordinator)
    page.goto(link.removeprefix(live_server.url))
    check_page()
    anchor = link.rsplit("#", 1)[1]
    expect(page.locator(f"#{anchor}")).to_contain_text("materialet")

    # 3. Olle, in the network but not in the group, gets 404 on the thread. --------------------
    use_session_of(page, live_server.url, other_coordinator)
    page_audit.expect_status(404)
    response = page.goto(f"/diskussion/trad/{thread.pk}/")
    assert response.status == 404
    check_page()
    page.goto("/diskussion/")
    check_page()
    expect(page.locator("main")).not_to_contain_text("Samverkansgruppen")
