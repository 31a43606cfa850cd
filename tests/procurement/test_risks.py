"""The risk categories: the list, a category's page and its risk matrix."""

import re

import pytest
from django.urls import reverse

from procurement.models import Category, RiskCell

pytestmark = pytest.mark.django_db


def test_the_starter_library_has_fifteen_categories_with_full_matrices():
    categories = Category.objects.all()
    assert categories.count() >= 15
    for slug in ("kaffe", "te", "kakao", "bananer", "textil-och-arbetsklader", "natursten"):
        category = Category.objects.get(slug=slug)
        assert RiskCell.objects.filter(category=category).count() == 12
        assert "eller likvärdig" in category.labels_sv and "or equivalent" in category.labels_en


def test_the_list_links_every_category(client):
    html = client.get(reverse("procurement:risk_categories")).text
    for category in Category.objects.filter(published=True):
        assert reverse("procurement:risk_category", args=[category.slug]) in html


def test_the_coffee_page_shows_risks_labels_requirements_and_a_real_matrix(client):
    html = client.get(reverse("procurement:risk_category", args=["kaffe"])).text
    assert "<h1>Kaffe</h1>" in html
    assert "Barnarbete" in html  # the known risks, from Markdown
    assert "&lt;p&gt;" not in html and "<li>" in html  # rendered, not shown as tags
    assert "Fairtrade eller likvärdigt" in html
    assert reverse("procurement:requirement", args=["FT-KAF-003"]) in html
    # The matrix: a caption, column and row headers, every cell's rating in words.
    matrix = html[html.index('<table class="risk-matrix">') : html.index("</table>")]
    assert '<caption id="matrix-caption">Riskmatris: Kaffe' in matrix
    assert matrix.count('<th scope="col"') == 5
    assert matrix.count('<th scope="row">') == 3
    assert len(re.findall(r'<td class="risk risk-', matrix)) == 12
    assert "Hög" in matrix and "Låg" in matrix
    assert 'role="region" aria-labelledby="matrix-caption" tabindex="0"' in html


def test_english_readers_get_english_and_a_swedish_fallback_is_marked(client):
    coffee = Category.objects.get(slug="kaffe")
    coffee.risks_en = ""
    coffee.save()
    html = client.get("/en" + reverse("procurement:risk_category", args=["kaffe"])).text
    assert "<h1>Coffee</h1>" in html
    assert "Risk matrix: Coffee" in html
    assert '<div class="prose" lang="sv">' in html  # the risks, in Swedish


def test_an_unknown_or_unpublished_category_is_404(client):
    assert client.get(reverse("procurement:risk_category", args=["finns-inte"])).status_code == 404
    Category.objects.filter(slug="kaffe").update(published=False)
    assert client.get(reverse("procurement:risk_category", args=["kaffe"])).status_code == 404


def test_a_missing_cell_says_not_rated_rather_than_breaking(client):
    RiskCell.objects.filter(category__slug="te", stage="processing").delete()
    html = client.get(reverse("procurement:risk_category", args=["te"])).text
    assert html.count("Inte bedömd än") == 4


@pytest.mark.parametrize("count", [5, 200])
def test_the_category_list_runs_the_same_queries_at_5_and_200_categories(
    client, count, django_assert_num_queries
):
    for number in range(count):
        Category.objects.create(
            code=f"{number:03d}",
            slug=f"kategori-{number}",
            name_sv=f"Kategori {number}",
            description_sv="Text.",
            risks_sv="Risker.",
            labels_sv="Märkning eller likvärdigt.",
        )
    with django_assert_num_queries(1):
        assert client.get(reverse("procurement:risk_categories")).status_code == 200
