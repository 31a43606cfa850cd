""" "Was this page useful?" in the browser: an anonymous reader answers on a handbook chapter
and is thanked; axe checks both pages. (The form is a plain POST form, no script: the unit
tests in tests/network/test_feedback.py post it as a browser without JavaScript would.)"""

import pytest
from playwright.sync_api import expect

from network.models import FeedbackAnswer, HandbookChapter

from .helpers import submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_anonymous_reader_says_a_chapter_was_not_useful_and_why(page, check_page, own_cache):
    HandbookChapter.objects.get_or_create(
        number=1,
        defaults={"slug": "om-diplomet", "title_sv": "Om diplomet", "body_sv": "## Text\n\nEtt."},
    )
    chapter = HandbookChapter.objects.get(number=1)
    page.goto(f"/handbok/{chapter.slug}/")
    check_page()
    widget = page.locator("#page-feedback")
    expect(widget.locator("h2")).to_have_text("Var sidan användbar?")
    widget.get_by_label("Nej").check()
    widget.get_by_label("Vad kan bli bättre? (frivilligt)").fill(
        "Ett exempel från en liten kommun."
    )
    submit(page, check_page, widget.get_by_role("button", name="Skicka svaret"))
    expect(page.locator(".messages")).to_contain_text("Tack för ditt svar!")
    expect(page.locator("#page-feedback")).to_contain_text("Tack för ditt svar!")
    expect(page.locator("#page-feedback form")).to_have_count(0)
    answer = FeedbackAnswer.objects.get()
    assert (answer.useful, answer.comment) == (False, "Ett exempel från en liten kommun.")
