"""Public pages of the requirement library: the filtered list, a requirement with its history,
an old version, the difference between two versions, and up to three side by side."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access
from fairtrade_portal.search import highlight

from ..forms.requirements import RequirementFilter
from ..models import Level, RequirementKind
from ..selectors import requirements as selectors

PAGE_SIZE = 20


def _compare_ids(request: HttpRequest, key: str) -> list[str]:
    """The distinct requirement IDs of the query string, upper case, in order."""
    identifiers: list[str] = []
    for value in request.GET.getlist(key):
        value = value.strip().upper()[:16]
        if value and value not in identifiers:
            identifiers.append(value)
    return identifiers


def compare_url(identifiers: list[str]) -> str:
    url = reverse("procurement:compare")
    return f"{url}?{urlencode([('id', i) for i in identifiers])}" if identifiers else url


@access(get=Who.PUBLIC)
def library(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    for key in ("page", "cmp"):
        data.pop(key, None)
    library_filter = RequirementFilter(data or None, queryset=selectors.library_requirements())
    if library_filter.is_bound and not library_filter.is_valid():
        messages.error(
            request,
            _("Some filters were not valid and are not applied: %(fields)s.")
            % {
                "fields": ", ".join(
                    str(library_filter.form.fields[name].label) for name in library_filter.errors
                )
            },
        )
    paginator = Paginator(library_filter.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    comparing = _compare_ids(request, "cmp")[: selectors.MAX_COMPARED]
    query = request.GET.copy()
    query.pop("page", None)
    search_query = library_filter.form.cleaned_data.get("q", "") if library_filter.is_bound else ""
    rows = []
    for requirement in page.object_list:
        version = requirement.current
        language = version.text_language("text")
        rows.append(
            {
                "requirement": requirement,
                "version": version,
                "snippet": highlight(version.text_in("text", language), search_query)
                if search_query
                else None,
                "snippet_language": language,
                "compared": requirement.identifier in comparing,
                "add_url": compare_url([*comparing, requirement.identifier]),
            }
        )
    return render(
        request,
        "procurement/requirements/library.html",
        {
            "filter": library_filter,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "comparing": comparing,
            "compare_url": compare_url(comparing),
        },
    )


@access(get=Who.PUBLIC)
def requirement_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    requirement = selectors.requirement_get(identifier)
    if requirement.identifier != identifier:
        return redirect("procurement:requirement", identifier=requirement.identifier)
    return _version_page(request, requirement, requirement.current)


@access(get=Who.PUBLIC)
def requirement_version(request: HttpRequest, identifier: str, number: int) -> HttpResponse:
    requirement = selectors.requirement_get(identifier)
    version = selectors.requirement_version_get(requirement, number)
    return _version_page(request, requirement, version)


def _version_page(request, requirement, version) -> HttpResponse:
    versions = selectors.requirement_versions(requirement)
    is_current = version.pk == requirement.current_id
    return render(
        request,
        "procurement/requirements/detail.html",
        {
            "requirement": requirement,
            "version": version,
            "is_current": is_current,
            "current": requirement.current,
            "versions": versions,
            "references": list(version.references.all()),
            "categories": list(requirement.categories.all()),
        },
    )


@access(get=Who.PUBLIC)
def requirement_diff(request: HttpRequest, identifier: str, old: int, new: int) -> HttpResponse:
    requirement = selectors.requirement_get(identifier)
    if old == new:
        raise Http404
    if old > new:
        return redirect("procurement:requirement_diff", identifier=identifier, old=new, new=old)
    before = selectors.requirement_version_get(requirement, old)
    after = selectors.requirement_version_get(requirement, new)
    language = get_language()[:2]
    labels = {
        "title": _("Title"),
        "text": _("Requirement text"),
        "evidence": _("How to verify"),
        "rationale": _("Rationale"),
    }
    fields = [
        {"label": labels[d.field], "diff": d}
        for d in selectors.version_diff(before, after, language)
    ]
    facts = []
    if before.level != after.level:
        facts.append((_("Level"), Level(before.level).label, Level(after.level).label))
    if before.kind != after.kind:
        facts.append(
            (_("Kind"), RequirementKind(before.kind).label, RequirementKind(after.kind).label)
        )
    refs_before = ", ".join(r.code for r in before.references.all()) or "–"
    refs_after = ", ".join(r.code for r in after.references.all()) or "–"
    if refs_before != refs_after:
        facts.append((_("References"), refs_before, refs_after))
    notes = list(requirement.versions.filter(number__gt=old, number__lte=new).order_by("number"))
    return render(
        request,
        "procurement/requirements/diff.html",
        {
            "requirement": requirement,
            "before": before,
            "after": after,
            "fields": fields,
            "facts": facts,
            "notes": notes,
        },
    )


@access(get=Who.PUBLIC)
def compare(request: HttpRequest) -> HttpResponse:
    identifiers = _compare_ids(request, "id")
    found = selectors.requirements_by_identifier(identifiers)
    unknown = [i for i in identifiers if i not in found]
    known = [i for i in identifiers if i in found]
    if unknown:
        messages.error(
            request,
            _("There is no requirement with the ID %(ids)s in the library.")
            % {"ids": ", ".join(unknown)},
        )
    if len(known) > selectors.MAX_COMPARED:
        messages.error(
            request,
            _(
                "You can compare at most three requirements side by side. The first three are "
                "kept: remove one to add %(ids)s."
            )
            % {"ids": ", ".join(known[selectors.MAX_COMPARED :])},
        )
    if (
        unknown
        or len(known) > selectors.MAX_COMPARED
        or len(request.GET.getlist("id")) != len(known)
    ):
        return redirect(compare_url(known[: selectors.MAX_COMPARED]))
    columns = []
    for identifier in known:
        requirement = found[identifier]
        columns.append(
            {
                "requirement": requirement,
                "version": requirement.current,
                "remove_url": compare_url([i for i in known if i != identifier]),
            }
        )
    library_url = reverse("procurement:library")
    if known:
        library_url += "?" + urlencode([("cmp", i) for i in known])
    return render(
        request,
        "procurement/requirements/compare.html",
        {
            "columns": columns,
            "full": len(known) >= selectors.MAX_COMPARED,
            "library_url": library_url,
        },
    )
