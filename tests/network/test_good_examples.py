"""Good examples: a coordinator writes one, staff approve it or send it back (emailed in the
author's language), and only then do other members of the network see it; members comment and
keep a list of saved examples."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from network.models import GoodExample, GoodExampleComment, SavedExample, Theme

pytestmark = pytest.mark.django_db

NEW = "/goda-exempel/nytt/"
LIST = "/goda-exempel/"


def png_upload(name: str = "fika.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 120, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def write(client, **extra):
    data = {
        "title": "Fairtrade-fika i stadsdelarna",
        "text": "Vi bjöd in till **fika**.\n\n<script>alert(1)</script>",
        "theme": Theme.CAMPAIGNS,
        "contact_text": "Sara, 040-123",
        "action": "draft",
        **extra,
    }
    return client.post(NEW, data)


def make_example(organisation, author=None, status=GoodExample.Status.APPROVED, **extra):
    from django.utils import timezone

    return GoodExample.objects.create(
        organisation=organisation,
        author=author,
        title=extra.pop("title", f"Exempel från {organisation.name}"),
        text="Det här fungerade.",
        theme=Theme.SCHOOLS,
        status=status,
        approved_at=timezone.now() if status == GoodExample.Status.APPROVED else None,
        **extra,
    )


def test_a_coordinator_shares_an_example_that_others_see_only_once_staff_approve_it(
    client,
    network,
    coordinator,
    other_coordinator,
    member,
    staff,
    django_capture_on_commit_callbacks,
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = write(client, image_1=png_upload(), alt_1="Fika på biblioteket", action="submit")
    example = GoodExample.objects.get()
    assert response.status_code == 302
    assert example.status == GoodExample.Status.SUBMITTED
    assert example.organisation.name == "Malmö"
    assert example.images.get().alt_text == "Fika på biblioteket"
    assert [m.to for m in mail.outbox] == [["fairtradecity@fairtrade.example"]]

    # Waiting: the coordinator's own organisation sees it; Lund does not, not even by address.
    client.force_login(member)
    assert client.get(f"/goda-exempel/{example.pk}/").status_code == 200
    client.force_login(other_coordinator)
    assert client.get(f"/goda-exempel/{example.pk}/").status_code == 404
    assert "Fairtrade-fika" not in client.get(LIST).text

    client.force_login(staff)
    assert "Fairtrade-fika" in client.get("/goda-exempel/granska/").text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/goda-exempel/{example.pk}/granska/", {"action": "approve"})
    example.refresh_from_db()
    assert example.status == GoodExample.Status.APPROVED
    assert mail.outbox[-1].to == [coordinator.email]
    # An example (ett exempel) is "publicerat" in the admin's list.
    assert (
        '<td class="field-status">Publicerat</td>' in client.get("/admin/network/goodexample/").text
    )

    client.force_login(other_coordinator)
    assert "Fairtrade-fika" in client.get(LIST).text
    page = client.get(f"/goda-exempel/{example.pk}/").text
    assert "<strong>fika</strong>" in page
    assert "<script>alert" not in page
    image = example.images.get()
    download = client.get(f"/goda-exempel/{example.pk}/bilder/{image.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_sent_back_is_emailed_in_the_authors_language_and_the_author_resubmits(
    client, network, coordinator, staff, language, django_capture_on_commit_callbacks
):
    coordinator.language = language
    coordinator.save()
    example = make_example(coordinator.memberships.get().organisation, coordinator, "submitted")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/goda-exempel/{example.pk}/granska/",
            {"action": "send_back", "message": "Lägg till en bild, tack."},
        )
    example.refresh_from_db()
    assert example.status == GoodExample.Status.SENT_BACK
    sent = mail.outbox[-1]
    assert sent.to == [coordinator.email]
    assert "Lägg till en bild, tack." in sent.body
    expected = "Changes asked for" if language == "en" else "Ändringar efterfrågas"
    assert sent.subject.startswith(expected)

    client.force_login(coordinator)
    edit = f"/goda-exempel/{example.pk}/andra/"
    assert "Lägg till en bild, tack." in client.get(edit).text
    client.post(
        edit,
        {
            "title": "Bättre titel",
            "text": "Nu med bild.",
            "theme": Theme.SCHOOLS,
            "organisation": example.organisation_id,
            "image_1": png_upload(),
            "alt_1": "Elever",
            "action": "submit",
        },
    )
    example.refresh_from_db()
    assert example.status == "submitted"
    assert (example.title, example.images.count()) == ("Bättre titel", 1)


def test_sending_back_without_a_message_changes_nothing(client, network, coordinator, staff):
    example = make_example(coordinator.memberships.get().organisation, coordinator, "submitted")
    client.force_login(staff)
    client.post(f"/goda-exempel/{example.pk}/granska/", {"action": "send_back", "message": " "})
    example.refresh_from_db()
    assert example.status == "submitted"
    assert not mail.outbox


@pytest.mark.parametrize(
    ("persona", "sees_published", "sees_waiting"),
    [
        ("member", True, True),
        ("coordinator", True, True),
        ("other_coordinator", True, False),
        ("staff", True, True),
    ],
)
def test_who_sees_which_example(
    persona_client, network, malmo, persona, sees_published, sees_waiting
):
    published = make_example(malmo, title="Publicerat exempel")
    waiting = make_example(malmo, status="submitted", title="Väntande exempel")
    client = persona_client(persona)
    assert (client.get(f"/goda-exempel/{published.pk}/").status_code == 200) is sees_published
    assert (client.get(f"/goda-exempel/{waiting.pk}/").status_code == 200) is sees_waiting
    assert "Publicerat exempel" in client.get(LIST).text


def test_outsiders_are_refused_and_the_anonymous_sent_to_log_in(client, network, malmo, outsider):
    example = make_example(malmo)
    for path in (LIST, NEW, f"/goda-exempel/{example.pk}/", "/goda-exempel/sparade/"):
        assert client.get(path).status_code == 302
    client.force_login(outsider)
    for path in (LIST, NEW, f"/goda-exempel/{example.pk}/", "/goda-exempel/sparade/"):
        assert client.get(path).status_code == 403
    assert client.get("/goda-exempel/granska/").status_code == 403


def test_only_staff_review(client, network, malmo, coordinator):
    example = make_example(malmo, status="submitted")
    client.force_login(coordinator)
    assert client.get("/goda-exempel/granska/").status_code == 403
    client.post(f"/goda-exempel/{example.pk}/granska/", {"action": "approve"})
    example.refresh_from_db()
    assert example.status == "submitted"


def test_a_member_who_is_not_a_coordinator_is_told_who_shares_examples(client, network, member):
    client.force_login(member)
    assert "Tell your coordinator" in client.get(NEW, HTTP_ACCEPT_LANGUAGE="en").text or (
        "samordnare" in client.get(NEW).text
    )
    write(client)
    assert not GoodExample.objects.exists()


def test_another_organisations_coordinator_cannot_change_an_example(
    client, network, malmo, other_coordinator
):
    example = make_example(malmo, status="draft")
    client.force_login(other_coordinator)
    assert client.get(f"/goda-exempel/{example.pk}/andra/").status_code == 404


@pytest.mark.parametrize(
    ("upload", "alt"),
    [
        (SimpleUploadedFile("bild.png", b"<svg onload=alert(1)>", "image/png"), "Bild"),
        (SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png"), "Bild"),
        (SimpleUploadedFile("bild.svg", b"<svg/>", "image/svg+xml"), "Bild"),
        (None, ""),  # a real image without a description
    ],
)
def test_a_bad_image_or_a_missing_description_is_refused_and_nothing_saved(
    client, network, coordinator, upload, alt
):
    client.force_login(coordinator)
    response = write(client, image_1=upload or png_upload(), alt_1=alt)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert not GoodExample.objects.exists()


def test_an_example_needs_a_criterion_or_a_theme(client, network, coordinator):
    client.force_login(coordinator)
    assert write(client, theme="").status_code == 200
    assert not GoodExample.objects.exists()


def test_members_comment_and_delete_only_their_own_comments(
    client, network, malmo, member, other_coordinator
):
    example = make_example(malmo)
    url = f"/goda-exempel/{example.pk}/"
    client.force_login(other_coordinator)
    client.post(url, {"text": "Vi gör <b>samma</b> i Lund!"})
    comment = GoodExampleComment.objects.get()
    page = client.get(url).text
    assert "Vi gör &lt;b&gt;samma&lt;/b&gt; i Lund!" in page
    assert client.post(url, {"text": "x" * 2001}).status_code == 200
    assert GoodExampleComment.objects.count() == 1

    client.force_login(member)
    delete = f"/goda-exempel/{example.pk}/kommentarer/{comment.pk}/ta-bort/"
    assert client.post(delete).status_code == 404
    assert GoodExampleComment.objects.exists()
    client.force_login(other_coordinator)
    client.post(delete)
    assert not GoodExampleComment.objects.exists()


def test_comments_wait_until_an_example_is_published(client, network, malmo, member):
    example = make_example(malmo, status="submitted")
    client.force_login(member)
    assert client.post(f"/goda-exempel/{example.pk}/", {"text": "Hej"}).status_code == 404
    assert not GoodExampleComment.objects.exists()


def test_a_member_saves_an_example_to_their_list_and_takes_it_off(client, network, lund, member):
    example = make_example(lund, title="Lunds kaffeupphandling")
    client.force_login(member)
    assert client.get(f"/goda-exempel/{example.pk}/spara/").status_code == 405
    client.post(f"/goda-exempel/{example.pk}/spara/")
    assert "Lunds kaffeupphandling" in client.get("/goda-exempel/sparade/").text
    client.post(f"/goda-exempel/{example.pk}/spara/")
    assert not SavedExample.objects.exists()
    assert "Lunds kaffeupphandling" not in client.get("/goda-exempel/sparade/").text


@pytest.mark.parametrize("count", [5, 200])
def test_the_lists_run_the_same_queries_with_5_and_200_examples(
    client, network, malmo, lund, member, staff, count, django_assert_num_queries
):
    examples = [make_example(lund if n % 2 else malmo, title=f"Exempel {n}") for n in range(count)]
    for example in examples:
        SavedExample.objects.create(user=member, example=example)
        example.images.create(image="good-examples/x.png", alt_text="Bild")
    for n in range(count):
        make_example(malmo, status="submitted", title=f"Väntar {n}")
    client.force_login(member)
    client.get(LIST)  # the session's first page notes the visit (network.middleware)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200
    with django_assert_num_queries(SAVED_QUERIES):
        assert client.get("/goda-exempel/sparade/").status_code == 200
    client.force_login(staff)
    client.get(LIST)
    with django_assert_num_queries(WAITING_QUERIES):
        assert client.get("/goda-exempel/granska/").status_code == 200


LIST_QUERIES = 9
SAVED_QUERIES = 6
WAITING_QUERIES = 8


def test_the_demo_data_loads_twice_without_change(network, settings, tmp_path):
    from network.demo.examples import load_good_examples_and_monitoring
    from network.models import MonitoringFeed, MonitoringItem

    load_good_examples_and_monitoring()
    load_good_examples_and_monitoring()
    published = GoodExample.objects.filter(status="approved")
    assert published.count() == 2  # Malmö's and Lund's: the test has only those two
    assert all(example.images.count() == 1 for example in published)
    assert GoodExample.objects.filter(status="submitted").count() == 1
    assert MonitoringItem.objects.filter(status="published").count() == 11
    assert MonitoringItem.objects.values("theme").distinct().count() == 3
    assert not MonitoringFeed.objects.get().active
