"""The one way an uploaded file is named in storage.

A browser sends any name: 140 × "ä" + ".pdf" is 284 bytes, more than a file system allows in
one name (255), and two uploads of the same long name collide. So every ``FileField`` stores
its file under a name the portal makes – ASCII letters, digits and hyphens, a random part that
makes it unique, the extension kept, at most 64 bytes – and the model keeps the name the person
gave for display and for ``Content-Disposition``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import PurePath

from django.utils.deconstruct import deconstructible
from django.utils.text import slugify

STEM_CHARS = 40
_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")


def stored_name(filename: str) -> str:
    """``Årsrapport 2025 (slutlig).PDF`` → ``arsrapport-2025-slutlig-3f9c0a1b2d4e.pdf``."""
    name = PurePath(filename.replace("\\", "/")).name
    stem, dot, extension = name.rpartition(".")
    extension = f".{extension.lower()}" if dot else ""
    if not _EXTENSION.fullmatch(extension):
        stem, extension = name, ""
    slug = slugify(stem.replace(".", "-"))[:STEM_CHARS].strip("-_") or "file"
    return f"{slug}-{secrets.token_hex(6)}{extension}"


@deconstructible
class UploadTo:
    """``upload_to`` for every FileField: ``UploadTo("handbook")`` or, for a folder that
    depends on the row, ``UploadTo(a_function_of_the_instance)``."""

    def __init__(self, folder: str | Callable[[object], str]) -> None:
        self.folder = folder

    def __call__(self, instance: object, filename: str) -> str:
        folder = self.folder(instance) if callable(self.folder) else self.folder
        return f"{folder.strip('/')}/{stored_name(filename)}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadTo) and other.folder == self.folder
