"""Small helpers to build files and submissions for the diplomas tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


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
