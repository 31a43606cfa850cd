"""Small helpers to build files and submissions for the diplomas tests."""

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from diplomas.models import Diploma, DiplomaStatusChange, Organisation
from diplomas.services import status_change_date


def pdf(name: str = "beslut.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def docx(name: str = "plan.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), "application/vnd.openxmlformats")


def png(name: str = "bild.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "image/png")


def program_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("beslut.pdf", b"MZ\x90\x00" + b"\0" * 64, "application/pdf")


def city_answers(criteria_set, *, attach=True) -> dict:
    """POST data that answers every criterion of a Fairtrade City criteria set."""
    data = {"action": "save"}
    for criterion in criteria_set.criteria.all():
        if criterion.computed:
            continue
        key = f"c{criterion.pk}"
        if criterion.answer_type == "text":
            data[key] = f"Svar på {criterion.code}"
        elif criterion.answer_type == "yes_no":
            data[key] = "yes"
        else:
            data[key] = "64.5"
        if attach and criterion.requires_attachment:
            data[f"f{criterion.pk}"] = pdf(f"{criterion.code}.pdf")
    return data


def record(diploma: Diploma, from_status: str, to_status: str, day: dt.date) -> None:
    """A change in the diploma's history, dated on the day it happened."""
    change = DiplomaStatusChange.objects.create(
        diploma=diploma, from_status=from_status, to_status=to_status, reason="Test"
    )
    status_change_date(change=change, day=day)


def diplomate(code: str, year: int, status=Diploma.Status.DIPLOMATED, **extra) -> Diploma:
    """A diploma awarded on 1 June of the year, with its history; a paused one became vilande
    two years later, a withdrawn one left three years later."""
    organisation = Organisation.objects.get(code=code)
    kind = "region" if organisation.kind == "region" else "city"
    diploma = Diploma.objects.create(
        organisation=organisation,
        kind=kind,
        status=status,
        diplomated_since=dt.date(year, 6, 1),
        **extra,
    )
    if status == Diploma.Status.APPLYING:
        return diploma
    record(diploma, "applying", "diplomated", dt.date(year, 6, 1))
    if status == Diploma.Status.PAUSED:
        record(diploma, "diplomated", "paused", dt.date(year + 2, 1, 15))
    elif status == Diploma.Status.WITHDRAWN:
        record(diploma, "diplomated", "withdrawn", dt.date(year + 3, 9, 1))
    return diploma
