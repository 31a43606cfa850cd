"""The text of an uploaded file, for the search: PDF through pypdf, office documents (DOCX,
PPTX, XLSX, ODT, ODP, ODS) as the zip of XML files they are, read with the standard library.

An upload is hostile until proven otherwise, so the reading is defensive:
- a zip member is read only up to MAX_MEMBER_BYTES and all members together up to
  MAX_TOTAL_BYTES of *uncompressed* data, whatever the archive claims (zip bombs);
- XML with a document type declaration is refused before it is parsed: office files never have
  one, and it is where entity expansion ("billion laughs") and external entities live
  (defusedxml is not installed; this guard does its job for these files);
- the text is capped at MAX_EXTRACTED_CHARS.
Anything else that goes wrong raises ExtractionError; the caller logs it and lists the resource
without its file's text.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from .models.resources import MAX_EXTRACTED_CHARS

MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 300

# Which members of an office file hold its text.
_MEMBERS = {
    "docx": re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml"),
    "pptx": re.compile(r"ppt/slides/slide\d+\.xml"),
    "xlsx": re.compile(r"xl/sharedStrings\.xml"),
    "odt": re.compile(r"content\.xml"),
    "odp": re.compile(r"content\.xml"),
    "ods": re.compile(r"content\.xml"),
}
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Elements after which a word ends: paragraphs, table cells, slides' text runs.
_BREAKS = {"p", "h", "tc", "c", "si", "br", "tab", "table-cell", "line-break"}


class ExtractionError(Exception):
    pass


def extract_text(handle, file_type: str) -> str:
    """The text of the file open in ``handle`` (binary), or "" for a type without text."""
    file_type = file_type.lower().lstrip(".")
    if file_type == "pdf":
        text = _pdf_text(handle)
    elif file_type in _MEMBERS:
        text = _office_text(handle, _MEMBERS[file_type])
    else:
        return ""
    text = " ".join(text.replace("\x00", "").split())
    return text[:MAX_EXTRACTED_CHARS]


def _pdf_text(handle) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(handle)
        parts: list[str] = []
        length = 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            part = page.extract_text() or ""
            parts.append(part)
            length += len(part)
            if length >= MAX_EXTRACTED_CHARS:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise ExtractionError(f"unreadable PDF: {error!r}") from error
    return "\n".join(parts)


def _office_text(handle, members: re.Pattern) -> str:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError) as error:
        raise ExtractionError(f"not a zip file: {error!r}") from error
    parts: list[str] = []
    budget = MAX_TOTAL_BYTES
    with archive:
        names = sorted(
            (info for info in archive.infolist() if members.fullmatch(info.filename)),
            key=lambda info: _natural(info.filename),
        )
        for info in names:
            data = _read_limited(archive, info, min(MAX_MEMBER_BYTES, budget))
            budget -= len(data)
            parts.append(_xml_text(data))
            if sum(map(len, parts)) >= MAX_EXTRACTED_CHARS or budget <= 0:
                break
    return "\n".join(parts)


def _natural(name: str) -> list:
    return [int(piece) if piece.isdigit() else piece for piece in re.split(r"(\d+)", name)]


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most ``limit`` uncompressed bytes of a member: the declared size may lie."""
    if info.file_size > limit:
        raise ExtractionError(f"{info.filename} is too large uncompressed ({info.file_size})")
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise ExtractionError(f"unreadable member {info.filename}: {error!r}") from error
    if len(data) > limit:
        raise ExtractionError(f"{info.filename} is larger than it says")
    return data


def _xml_text(data: bytes) -> str:
    if _DECLARATION.search(data[:4096]) or _DECLARATION.search(data):
        raise ExtractionError("XML with a document type declaration")
    try:
        # Safe here: declarations (entities, external references) were refused above.
        root = ElementTree.parse(io.BytesIO(data)).getroot()  # noqa: S314
    except ElementTree.ParseError as error:
        raise ExtractionError(f"invalid XML: {error}") from error
    pieces: list[str] = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if element.text and local in {"t", "p", "h", "span", "a", "s"}:
            pieces.append(element.text)
        if local in _BREAKS:
            pieces.append(" ")
        if element.tail and local in {"span", "a", "s", "tab", "line-break"}:
            pieces.append(element.tail)
    return "".join(pieces)
