# ruff: noqa: E501 - the demo texts are kept as written, one sentence a line
"""Demo resources: real small files (PDFs made with WeasyPrint, DOCX with python-docx, a PNG)
and links, in every category, from several organisations. Idempotent: a resource whose title
exists is left alone. The texts are written for the demo."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.base import ContentFile

# (title, category, organisation code or None for Fairtrade Sverige, tags, description,
#  ("pdf" | "docx" | "png", file name, text) or a link)
RESOURCES = [
    (
        "Upphandlingskrav för kaffe, te och kakao",
        "decision_template",
        "1280",
        "upphandling, kaffe, krav",
        "Demo: Malmös formuleringar av krav på etiskt och socialt ansvarsfulla inköp av kaffe, te "
        "och kakao, att använda i förfrågningsunderlag.",
        (
            "pdf",
            "upphandlingskrav-kaffe.pdf",
            "Krav på leverantören: kaffet ska vara producerat under förhållanden som uppfyller ILO:s "
            "kärnkonventioner. Leverantören ska kunna visa certifiering eller likvärdig verifiering.",
        ),
    ),
    (
        "Mall för beslut i kommunfullmäktige om Fairtrade City",
        "decision_template",
        None,
        "beslut, fullmäktige, mall",
        "Demo: ett förslag till beslutstext för kommunfullmäktige som vill att kommunen ansöker "
        "om diplomeringen Fairtrade City.",
        (
            "docx",
            "beslutsmall-fairtrade-city.docx",
            "Kommunfullmäktige beslutar att kommunen ska ansöka om att bli diplomerad som Fairtrade "
            "City och att en arbetsgrupp med representanter för kommunen och civilsamhället bildas.",
        ),
    ),
    (
        "Beslutsunderlag: etisk upphandling i regionen",
        "decision_template",
        "12",
        "region, upphandling, beslut",
        "Demo: Region Skånes underlag till regionfullmäktige om etiska krav i regionens avtal.",
        (
            "docx",
            "beslutsunderlag-region.docx",
            "Regionen ställer sociala krav i avtalen för livsmedel, textilier och medicinska "
            "förbrukningsartiklar, och följer upp dem varje år.",
        ),
    ),
    (
        "Arbetsplan 2026 för arbetsgruppen",
        "work_plan",
        "1280",
        "arbetsplan, arbetsgrupp",
        "Demo: Malmös arbetsplan med mål, aktiviteter och ansvariga för året.",
        (
            "docx",
            "arbetsplan-2026.docx",
            "Mål 1: alla kaffeautomater i kommunens lokaler serverar rättvisemärkt kaffe. Mål 2: "
            "Fairtrade Fika i alla förskolor under Fairtrade-veckan.",
        ),
    ),
    (
        "Arbetsplan för skolor och förskolor",
        "work_plan",
        "1281",
        "skola, förskola, arbetsplan",
        "Demo: så planerar Lund arbetet med skolmåltider och undervisning om rättvis handel.",
        (
            "pdf",
            "arbetsplan-skolor.pdf",
            "Skolmåltiderna ska innehålla rättvisemärkta bananer. Eleverna i årskurs fem lär sig om "
            "arbetsvillkor i bananodlingar.",
        ),
    ),
    (
        "Mall för arbetsplan",
        "work_plan",
        None,
        "mall, arbetsplan",
        "Demo: en tom arbetsplan med rubriker för mål, aktiviteter, budget och uppföljning.",
        (
            "docx",
            "mall-arbetsplan.docx",
            "Mål. Aktiviteter. Ansvariga. Budget. Uppföljning och årsrapport.",
        ),
    ),
    (
        "Broschyr: Vad är en Fairtrade City?",
        "information",
        None,
        "kommunikation, broschyr",
        "Demo: en kort broschyr att dela ut på torget och i kommunens reception.",
        (
            "pdf",
            "broschyr-fairtrade-city.pdf",
            "En Fairtrade City är en kommun där kommunen, företag, föreningar och invånare tillsammans "
            "arbetar för rättvis handel och etisk konsumtion.",
        ),
    ),
    (
        "Affischer till Fairtrade-veckan",
        "information",
        "0180",
        "kampanj, kommunikation",
        "Demo: Stockholms affischer från förra årets kampanjvecka, fria att anpassa.",
        (
            "pdf",
            "affischer-fairtrade-veckan.pdf",
            "Fika rättvist! Under Fairtrade-veckan bjuder kommunen på rättvisemärkt kaffe på "
            "biblioteken.",
        ),
    ),
    (
        "Frågor och svar om etiska krav",
        "information",
        "1480",
        "upphandling, frågor och svar",
        "Demo: Göteborgs vanligaste frågor från leverantörer om uppförandekoden.",
        (
            "pdf",
            "fragor-och-svar-etiska-krav.pdf",
            "Hur visar vi att kraven uppfylls? Leverantören fyller i en självskattning och visar "
            "certifikat för produkterna i avtalet.",
        ),
    ),
    (
        "Fairtrade City-logotypen",
        "logo",
        None,
        "logotyp, grafisk profil",
        "Demo: logotypen för diplomerade kommuner, att använda på webb och i trycksaker.",
        ("png", "fairtrade-city-logotyp.png", ""),
    ),
    (
        "Fairtrade Region-logotypen",
        "logo",
        None,
        "logotyp, grafisk profil, region",
        "Demo: logotypen för diplomerade regioner.",
        ("png", "fairtrade-region-logotyp.png", ""),
    ),
    (
        "Presentation från nätverksträffen i Göteborg",
        "presentation",
        "1480",
        "nätverksträff, presentation",
        "Demo: bilderna från vårens nätverksträff om uppföljning av avtal.",
        (
            "pdf",
            "natverkstraff-goteborg.pdf",
            "Nätverksträff i Göteborg: uppföljning av leverantörer, gemensam uppföljning mellan "
            "kommuner och erfarenheter från revisioner.",
        ),
    ),
    (
        "Presentation: kakao och barnarbete",
        "presentation",
        None,
        "kakao, mänskliga rättigheter",
        "Demo: Fairtrade Sveriges presentation om risker i kakaons leverantörskedja.",
        (
            "pdf",
            "kakao-och-barnarbete.pdf",
            "Risker i kakaoodlingen: barnarbete, låga priser till odlarna och avskogning.",
        ),
    ),
    (
        "Fairtrade Sveriges webbplats om diplomeringen",
        "information",
        None,
        "diplomering",
        "Demo: länk till mer information om diplomeringen.",
        "https://fairtrade.se/",
    ),
    (
        "Upphandlingsmyndighetens hållbarhetskriterier",
        "other",
        None,
        "upphandling, kriterier",
        "Demo: länk till Upphandlingsmyndighetens kriteriebibliotek.",
        "https://www.upphandlingsmyndigheten.se/",
    ),
    (
        "Film från nätverksträffen i Uppsala",
        "presentation",
        "0380",
        "nätverksträff, film",
        "Demo: en inspelning av föreläsningen om textilier.",
        "https://example.org/film",
    ),
    (
        "Policy för representation med rättvisemärkta varor",
        "other",
        "1281",
        "policy, representation",
        "Demo: Lunds policy för kaffe, te och frukt vid möten och representation.",
        (
            "docx",
            "representationspolicy.docx",
            "Vid kommunens möten och representation serveras rättvisemärkt kaffe, te och frukt.",
        ),
    ),
]


def _pdf(title: str, text: str) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    return HTML(
        string=f"<html lang='sv'><h1>{escape(title)}</h1><p>{escape(text)}</p></html>"
    ).write_pdf()


def _docx(title: str, text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _png(width: int = 64, height: int = 64) -> bytes:
    """A plain green square as a PNG, written with the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + b"\x00\x8a\x3c" * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def load_resources() -> None:
    from accounts.models import User
    from diplomas.models import Organisation

    from ..models import Resource
    from ..services.resources import resource_extract_text, resource_share

    staff = User.objects.filter(email="personal@demo.example").first()
    coordinator = User.objects.filter(email="samordnare@demo.example").first()
    if staff is None:
        return
    organisations = {org.code: org for org in Organisation.objects.all()}
    existing = set(Resource.objects.values_list("title", flat=True))
    for title, category, code, tags, description, content in RESOURCES:
        if title in existing or (code and code not in organisations):
            continue
        data = {
            "title": title,
            "category": category,
            "organisation": organisations.get(code) if code else None,
            "tags": tags,
            "description": description,
            "language": "sv",
        }
        upload = None
        if isinstance(content, str):
            data["link"] = content
        else:
            kind, name, text = content
            body = {"pdf": _pdf, "docx": _docx}.get(kind)
            upload = ContentFile(body(title, text) if body else _png(), name=name)
        by = coordinator if code in ("1280", "12") and coordinator else staff
        resource = resource_share(by=by, data=data, upload=upload)
        if upload is not None:
            resource_extract_text(resource_id=resource.pk)  # searchable at once in the demo
