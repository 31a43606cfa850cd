"""The Swedish search (fairtrade_portal.search) on PostgreSQL, through the resources that use it:
parts of compound words, accents, inflected forms, ranking by where a word stands, highlighting,
and queries that must never raise."""

import pytest

from fairtrade_portal.search import highlight, search, search_terms
from network.models import Resource, Tag

pytestmark = pytest.mark.django_db


def make(title, *, description="", tags=(), body="", category=Resource.Category.INFORMATION):
    resource = Resource.objects.create(
        title=title,
        description=description,
        category=category,
        link="https://example.org/",
        extracted_text=body,
    )
    resource.tags.set(
        [Tag.objects.get_or_create(key=t.lower(), defaults={"name": t})[0] for t in tags]
    )
    resource.search_refresh()
    return resource


def titles(query):
    return [r.title for r in search(Resource.objects.all(), query)]


def test_a_part_of_a_compound_word_finds_it(on_postgresql):
    make("Upphandlingskrav för kaffe")
    make("Kaffeautomater i kommunhuset")
    make("Bananer i skolan")
    assert titles("krav") == ["Upphandlingskrav för kaffe"]
    assert set(titles("kaffe")) == {"Upphandlingskrav för kaffe", "Kaffeautomater i kommunhuset"}


def test_accents_and_case_are_ignored(on_postgresql):
    make("Nätverksträff i Göteborg")
    assert titles("Goteborg") == ["Nätverksträff i Göteborg"]
    assert titles("GÖTEBORG") == ["Nätverksträff i Göteborg"]
    assert titles("natverkstraff") == ["Nätverksträff i Göteborg"]


def test_an_inflected_form_finds_the_stem(on_postgresql):
    make("Avtal om kaffe")
    # "avtalen" is not a substring of "avtal": only the Swedish stemmer finds it.
    assert titles("avtalen") == ["Avtal om kaffe"]
    make("Riktlinjer", description="Kommunens riktlinjer för inköpen")
    assert "Riktlinjer" in titles("inköp")


def test_every_word_must_match(on_postgresql):
    make("Kaffe och te")
    make("Kaffe och kakao")
    assert titles("kaffe kakao") == ["Kaffe och kakao"]


def test_a_match_in_the_title_ranks_above_tags_above_description_above_body(on_postgresql):
    make("Något i brödtexten", body="Här står det om bananer.")
    make("Något i beskrivningen", description="Om bananer.")
    make("Något i taggarna", tags=["bananer"])
    make("Bananer i titeln")
    assert titles("bananer") == [
        "Bananer i titeln",
        "Något i taggarna",
        "Något i beskrivningen",
        "Något i brödtexten",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "&|!():*<->",
        "a & | !",
        "' OR 1=1 --",
        "kaffe' OR '1'='1",
        "x" * 5000,
        "ord " * 2000,
        "\\",
        "%_%",
        "kaffe:*",
        "<script>alert(1)</script>",
        "\u200b\u0301",
    ],
)
def test_hostile_or_empty_queries_never_raise(on_postgresql, query):
    make("Upphandlingskrav för kaffe")
    found = list(search(Resource.objects.all(), query))
    assert len(found) <= 1
    assert str(highlight("Upphandlingskrav för kaffe", query))


def test_sql_and_wildcards_are_plain_text(on_postgresql):
    make("Kaffe")
    make("Te")
    assert titles("' OR 1=1") == []
    assert titles("%") == []


def test_search_terms_are_normalised_and_capped():
    assert search_terms("Kaffe, KAFFE och Göteborg!") == ["kaffe", "och", "goteborg"]
    assert len(search_terms(" ".join(f"ord{n}" for n in range(50)))) == 8


def test_highlight_marks_parts_of_words_and_escapes_the_rest():
    html = highlight("Upphandlingskrav <b>för</b> Göteborg", "krav goteborg")
    assert "Upphandlings<mark>krav</mark>" in html
    assert "<mark>Göteborg</mark>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_highlight_shows_a_window_around_the_first_match():
    text = "början " + "fyllnad " * 100 + "kaffeautomater " + "slut " * 100
    html = highlight(text, "kaffe", length=120)
    assert html.startswith("… ")
    assert "<mark>kaffe</mark>automater" in html
    assert html.endswith(" …")
    assert len(html) < 200


def test_highlight_without_a_match_is_the_start_of_the_text():
    assert highlight("Ett två tre", "kaffe") == "Ett två tre"
