""" "Was this page useful?": yes or no and a comment, without login; one answer per page per
browser session; a rate limit per IP address; staff read the results in the admin."""

import csv
import io

import pytest
from django.test import Client

from network.models import FeedbackAnswer, FeedbackPage, HandbookChapter
from network.models.feedback import COMMENT_MAX_LENGTH
from network.services import feedback as service

pytestmark = pytest.mark.django_db

ACTION = "/sidrespons/"


@pytest.fixture(autouse=True)
def _own_cache(own_cache):
    pass


@pytest.fixture
def chapter(db) -> HandbookChapter:
    return HandbookChapter.objects.filter(published=True).order_by("number").first()


def chapter_path(chapter) -> str:
    return f"/handbok/{chapter.slug}/"


def token_on(client, chapter) -> str:
    html = client.get(chapter_path(chapter)).content.decode()
    assert "Var sidan användbar?" in html
    start = html.index('name="page" value="') + len('name="page" value="')
    return html[start : html.index('"', start)]


def answer(client, chapter, useful="yes", comment="", **extra):
    return client.post(
        ACTION,
        {"page": token_on(client, chapter), "useful": useful, "comment": comment},
        **extra,
    )


def test_an_anonymous_visitor_answers_without_javascript_and_is_thanked(client, chapter):
    response = answer(client, chapter, "no", "Kapitlet saknar exempel.")
    assert response.status_code == 302
    assert response.url == f"{chapter_path(chapter)}#page-feedback"
    html = client.get(response.url).content.decode()
    assert "Tack för ditt svar!" in html
    assert 'action="/sidrespons/"' not in html  # the form is not offered again
    saved = FeedbackAnswer.objects.get()
    assert (saved.useful, saved.comment) == (False, "Kapitlet saknar exempel.")
    assert (saved.page.kind, saved.page.key) == ("handbook", chapter.slug)
    assert saved.page.title.startswith(chapter.title_sv)


def test_one_answer_per_page_per_browser_session(client, chapter):
    token = token_on(client, chapter)
    first = client.post(ACTION, {"page": token, "useful": "yes"})
    again = client.post(ACTION, {"page": token, "useful": "no"})
    assert first.status_code == again.status_code == 302
    assert FeedbackAnswer.objects.count() == 1
    assert "Du har redan svarat" in client.get(again.url).content.decode()
    # Another browser is another session.
    assert answer(Client(), chapter).status_code == 302
    assert FeedbackAnswer.objects.count() == 2


def test_answers_are_rate_limited_per_ip_address(chapter, monkeypatch):
    monkeypatch.setattr(service, "RATE", "3/1h/ip")
    for _ in range(3):
        assert answer(Client(), chapter, REMOTE_ADDR="10.1.2.3").status_code == 302
    refused = answer(Client(), chapter, REMOTE_ADDR="10.1.2.3")
    assert refused.status_code == 429
    assert "Försök igen om en timme" in refused.content.decode()
    assert FeedbackAnswer.objects.count() == 3
    assert answer(Client(), chapter, REMOTE_ADDR="10.9.9.9").status_code == 302
    assert FeedbackAnswer.objects.count() == 4


def test_a_too_long_comment_is_refused_with_a_message_and_nothing_is_saved(client, chapter):
    response = answer(client, chapter, "yes", "x" * (COMMENT_MAX_LENGTH + 1))
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and f"som mest {COMMENT_MAX_LENGTH} tecken" in html
    assert not FeedbackAnswer.objects.exists()
    assert answer(client, chapter, "yes", "x" * COMMENT_MAX_LENGTH).status_code == 302


def test_a_missing_answer_or_a_forged_page_saves_nothing(client, chapter):
    assert answer(client, chapter, useful="").status_code == 400
    assert answer(client, chapter, useful="kanske").status_code == 400
    forged = client.post(ACTION, {"page": "handbook:falsk", "useful": "yes"})
    assert forged.status_code == 400
    assert not FeedbackAnswer.objects.exists() and not FeedbackPage.objects.exists()
    assert client.get(ACTION).status_code == 405


def test_staff_read_comments_as_plain_text_never_as_links(client, staff, chapter):
    comment = 'Se <a href="https://evil.example">här</a> och https://evil.example/x'
    answer(Client(), chapter, "no", comment)
    client.force_login(staff)
    page = FeedbackPage.objects.get()
    for path in (
        f"/admin/network/feedbackpage/{page.pk}/change/",
        "/admin/network/feedbackanswer/",
    ):
        html = client.get(path).content.decode()
        assert "&lt;a href=&quot;https://evil.example&quot;&gt;" in html
        assert 'href="https://evil.example' not in html


def test_staff_see_counts_and_share_per_page_filtered_by_kind(client, staff, chapter):
    for useful in ("yes", "yes", "yes", "no"):
        answer(Client(), chapter, useful)
    client.force_login(staff)
    html = client.get("/admin/network/feedbackpage/", {"kind": "handbook"}).content.decode()
    assert "75 %" in html
    html = client.get("/admin/network/feedbackpage/", {"kind": "news"}).content.decode()
    assert "75 %" not in html


def test_staff_export_the_answers_as_csv_safe_for_spreadsheets(client, staff, chapter):
    answer(Client(), chapter, "no", '=HYPERLINK("https://evil.example")')
    answer(Client(), chapter, "yes", "Bra!")
    client.force_login(staff)
    ids = [str(pk) for pk in FeedbackAnswer.objects.values_list("pk", flat=True)]
    response = client.post(
        "/admin/network/feedbackanswer/",
        {"action": "export_csv", "_selected_action": ids},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    comments = {row[-1] for row in rows[1:]}
    assert comments == {'\'=HYPERLINK("https://evil.example")', "Bra!"}


def test_only_staff_reach_the_results(client, member, chapter):
    answer(Client(), chapter)
    client.force_login(member)
    response = client.get("/admin/network/feedbackanswer/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_retention_job_removes_old_comments_and_keeps_the_answer(chapter):
    import datetime as dt

    from django.utils import timezone

    from accounts.retention import retention_apply

    answer(Client(), chapter, "no", "Mitt namn är Kim.")
    FeedbackAnswer.objects.update(created_at=timezone.now() - dt.timedelta(days=400))
    assert retention_apply()["page_feedback_comments"] == 1
    kept = FeedbackAnswer.objects.get()
    assert (kept.useful, kept.comment) == (False, "")


def test_the_widget_refuses_an_unknown_kind_of_page():
    with pytest.raises(ValueError):
        service.page_token(kind="blog", key=1, title="x", path="/")


def test_news_resources_and_good_examples_ask_too(client, network, member, lund, other_coordinator):
    from tests.network.test_good_examples import make_example
    from tests.network.test_news import make_news
    from tests.network.test_resources import make

    news = make_news("fika")
    resource = make("Mall för beslut", organisation=lund)
    example = make_example(lund, other_coordinator, title="Lunds fikastund")
    client.force_login(member)
    pages = [
        ("news", str(news.pk), "/nyheter/fika/"),
        ("resource", str(resource.pk), f"/resurser/{resource.pk}/"),
        ("good_example", str(example.pk), f"/goda-exempel/{example.pk}/"),
    ]
    for kind, key, path in pages:
        html = client.get(path).content.decode()
        assert "Var sidan användbar?" in html, path
        start = html.index('name="page" value="') + len('name="page" value="')
        token = html[start : html.index('"', start)]
        response = client.post(ACTION, {"page": token, "useful": "yes"})
        assert response.status_code == 302 and response.url == f"{path}#page-feedback"
        assert FeedbackPage.objects.filter(kind=kind, key=key).exists(), path
