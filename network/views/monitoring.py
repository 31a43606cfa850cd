from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fairtrade_portal.access import Who, access

from ..forms import ThemeFilterForm
from ..selectors import monitoring as selectors

PAGE_SIZE = 25


@access(get=Who.NETWORK)
def monitoring(request: HttpRequest) -> HttpResponse:
    filter_form = ThemeFilterForm(request.GET or None)
    theme = filter_form.cleaned_data["theme"] if filter_form.is_valid() else ""
    page = Paginator(selectors.published_items(theme=theme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/monitoring/list.html",
        {"filter_form": filter_form, "page": page, "query": query.urlencode()},
    )
