"""The requirement builder (anyone; saving needs a coordinator of the network) and the saved
requirement packages of an organisation (its members read, its coordinators change)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diplomas.selectors import organisation_for
from fairtrade_portal.access import Who, access

from ..forms.packages import BuilderForm, PackageChangeForm, PackageSaveForm
from ..models import PackageDocument
from ..selectors import packages as selectors
from ..services import package_documents as documents
from ..services import packages as services

FORMATS = ("pdf", "docx", "txt")


def _download(content: documents.Content, fmt: str) -> HttpResponse:
    data = documents.RENDERERS[fmt](content)
    response = HttpResponse(
        data.encode() if isinstance(data, str) else data, content_type=documents.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{content.filename_stem}.{fmt}"'
    return response


def _builder_query(form: BuilderForm) -> str:
    data = form.cleaned_data
    pairs = [("category", c.slug) for c in data.get("category") or []]
    pairs += [("level", level) for level in data.get("level") or []]
    pairs += [("id", identifier) for identifier in data.get("id") or []]
    pairs.append(("language", data["language"]))
    return urlencode(pairs)


@access(
    get=Who.PUBLIC,
    post=Who.NETWORK,
    note="anyone builds and downloads; saving needs a coordinator of a network organisation",
)
def builder(request: HttpRequest) -> HttpResponse:
    form = BuilderForm(request.GET if request.GET else None)
    save_form = None
    if request.method == "POST":
        save_form = PackageSaveForm(request.POST, user=request.user)
        if save_form.is_valid():
            data = save_form.cleaned_data
            package = services.package_create(
                organisation=data["organisation"],
                name=data["name"],
                procurement_date=data["procurement_date"],
                language=data["language"],
                requirements=save_form.chosen_requirements,
                by=request.user,
            )
            messages.success(request, _("The requirement package is saved."))
            return redirect(
                "procurement:package_detail", slug=package.organisation.slug, pk=package.pk
            )
        # Show again what was being saved, with the save form's errors.
        form = BuilderForm(
            {"id": request.POST.get("requirements", ""), "language": request.POST.get("language")}
        )
        if not form.chosen:
            messages.error(request, _("Choose at least one category or requirement first."))
    chosen = form.chosen
    content = query = None
    if chosen:
        content = documents.content_for(form.versions, language=form.cleaned_data["language"])
        query = _builder_query(form)
        if save_form is None and request.user.is_authenticated:
            save_form = PackageSaveForm(
                initial={
                    "requirements": " ".join(r.identifier for r in form.requirements),
                    "language": form.cleaned_data["language"],
                },
                user=request.user,
            )
    can_save = bool(save_form and save_form.fields["organisation"].queryset.exists())
    return render(
        request,
        "procurement/packages/builder.html",
        {
            "form": form,
            "chosen": chosen,
            "content": content,
            "text": documents.render_text(content) if content else "",
            "query": query,
            "save_form": save_form if can_save else None,
            "organisations": list(selectors.organisations_with_packages_of(request.user)),
            "max_requirements": selectors.MAX_REQUIREMENTS,
        },
    )


@access(get=Who.PUBLIC, note="renders the choice in the query string; nothing is saved")
def builder_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    form = BuilderForm(request.GET)
    if not form.chosen:
        messages.error(request, _("Choose at least one category or requirement first."))
        return redirect(f"{reverse('procurement:package_builder')}?{request.GET.urlencode()}")
    content = documents.content_for(form.versions, language=form.cleaned_data["language"])
    return _download(content, fmt)


@access(get=Who.MEMBER)
def package_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = organisation_for(request.user, slug)
    return render(
        request,
        "procurement/packages/list.html",
        {
            "organisation": organisation,
            "packages": selectors.packages_of(organisation),
            "can_change": membership is not None and membership.role == membership.Role.COORDINATOR,
        },
    )


@access(get=Who.MEMBER)
def package_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    package, membership = selectors.package_for(request.user, slug, pk)
    items = selectors.package_items(package)
    content = documents.content_for(
        [item.version for item in items],
        language=package.language,
        title=package.name,
        organisation=package.organisation.name,
        procurement_date=package.procurement_date,
    )
    changes = selectors.package_changes(package, items)
    return render(
        request,
        "procurement/packages/detail.html",
        {
            "package": package,
            "items": items,
            "content": content,
            "text": documents.render_text(content),
            "changes": changes,
            "outdated": {change.item.requirement.identifier for change in changes},
            "documents": selectors.package_documents(package),
            "can_change": membership is not None and membership.role == membership.Role.COORDINATOR,
        },
    )


@access(get=Who.COORDINATOR, post=Who.COORDINATOR)
def package_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    package, _membership = selectors.package_for(request.user, slug, pk, coordinator=True)
    items = selectors.package_items(package)
    form = PackageChangeForm(request.POST or None, instance=package, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.package_change(
            package=package,
            name=data["name"],
            procurement_date=data["procurement_date"],
            language=data["language"],
            remove=list(data["remove"]),
            add=form.added,
        )
        messages.success(request, _("The requirement package is changed."))
        return redirect("procurement:package_detail", slug=slug, pk=package.pk)
    return render(request, "procurement/packages/change.html", {"package": package, "form": form})


@access(get=Who.NOBODY, post=Who.COORDINATOR)
def package_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    package, _membership = selectors.package_for(request.user, slug, pk, coordinator=True)
    moved = services.package_update(package=package)
    if moved:
        messages.success(
            request,
            ngettext(
                "%(count)s requirement is updated to its newest version.",
                "%(count)s requirements are updated to their newest versions.",
                moved,
            )
            % {"count": moved},
        )
    else:
        messages.info(request, _("Every requirement is already at its newest version."))
    return redirect("procurement:package_detail", slug=slug, pk=package.pk)


@access(get=Who.MEMBER, note="the package's pinned versions, rendered now")
def package_download(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    package, _membership = selectors.package_for(request.user, slug, pk)
    return _download(services.package_content(package), fmt)


@access(get=Who.MEMBER, note="a stored document, also one from before an update")
def package_document(request: HttpRequest, slug: str, pk: int, document: int) -> HttpResponse:
    package, _membership = selectors.package_for(request.user, slug, pk)
    stored = get_object_or_404(PackageDocument, pk=document, package=package)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    stem = documents.Content(title=package.name, language=package.language, entries=[])
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem.filename_stem}-{stored.created_at:%Y%m%d-%H%M}.{stored.format}",
        content_type=documents.CONTENT_TYPES[stored.format],
    )
