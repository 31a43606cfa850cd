"""Public pages: the risk categories, each with its known risks and its risk matrix."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fairtrade_portal.access import Who, access
from network.content import render_markdown

from ..selectors import risks as selectors


@access(get=Who.PUBLIC)
def category_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "procurement/risks/list.html",
        {"categories": list(selectors.published_categories())},
    )


@access(get=Who.PUBLIC)
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get(slug)
    sections = {}
    for field in ("description", "risks", "labels"):
        language = category.text_language(field)
        sections[field] = {
            "html": render_markdown(category.text_in(field, language), id_prefix=field).html,
            "language": language,
        }
    requirements = list(
        category.requirements.filter(current__isnull=False)
        .select_related("current")
        .order_by("identifier")
    )
    return render(
        request,
        "procurement/risks/detail.html",
        {
            "category": category,
            "sections": sections,
            "matrix": selectors.risk_matrix(category),
            "requirements": requirements,
        },
    )
