from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fairtrade_portal.access import Who, access

from .. import services
from ..content import render_markdown
from ..forms import PrintOrderForm
from ..models import HandbookChapter, HandbookRender


@access(get=Who.PUBLIC)
def handbook(request: HttpRequest) -> HttpResponse:
    language = get_language()[:2]
    chapters = list(HandbookChapter.objects.filter(published=True).order_by("number"))
    return render(
        request,
        "network/handbook/index.html",
        {
            "chapters": [
                {
                    "chapter": c,
                    "title": c.title_in(c.text_language(language)),
                    "language": c.text_language(language),
                }
                for c in chapters
            ],
            "pdf": services.current_pdf(language),
        },
    )


@access(get=Who.PUBLIC)
def chapter(request: HttpRequest, slug: str) -> HttpResponse:
    chapters = list(HandbookChapter.objects.filter(published=True).order_by("number"))
    current = next((c for c in chapters if c.slug == slug), None)
    if current is None:
        raise Http404
    index = chapters.index(current)
    language = current.text_language(get_language())
    rendered = render_markdown(current.body_in(language))
    return render(
        request,
        "network/handbook/chapter.html",
        {
            "chapter": current,
            "title": current.title_in(language),
            "text_language": language,
            "html": rendered.html,
            "sections": rendered.sections,
            "previous": chapters[index - 1] if index > 0 else None,
            "next": chapters[index + 1] if index + 1 < len(chapters) else None,
        },
    )


@access(get=Who.PUBLIC, note="the newest rendered PDF, served from storage")
def handbook_pdf(request: HttpRequest) -> HttpResponse:
    language = get_language()[:2]
    pdf = services.current_pdf(language)
    if pdf is None:
        # Never rendered yet (a new installation): queue it and say so.
        if not HandbookRender.objects.filter(
            language=language,
            status__in=[HandbookRender.Status.QUEUED, HandbookRender.Status.RENDERING],
        ).exists():
            services.handbook_changed()
        return render(request, "network/handbook/pending.html", status=503)
    try:
        handle = pdf.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = "handbok-fairtrade-city.pdf" if language == "sv" else "handbook-fairtrade-city.pdf"
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "public, max-age=300"
    return response


@access(get=Who.PUBLIC, post=Who.PUBLIC)
def order(request: HttpRequest) -> HttpResponse:
    form = PrintOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.print_order_place(data=form.cleaned_data, language=get_language()[:2])
        messages.success(
            request,
            _("Thank you! Your order has been received; a confirmation is on its way by email."),
        )
        return redirect("network:handbook")
    return render(request, "network/handbook/order.html", {"form": form})
