"""The open data of the public listing: one list of columns that the CSV, the JSON, the
documentation page and the Frictionless Data Package are all made from, so they cannot drift.

The package (https://specs.frictionlessdata.io/data-package/) describes the CSV with a Table
Schema: each column's type, format, title, description and constraints. A test validates the
CSV the portal serves against it with the ``frictionless`` package.
"""

from __future__ import annotations

import gzip
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.recent import Recent

from .filters import PUBLIC_STATUS_CHOICES
from .models import Diploma, DiplomaKind, Organisation


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):  # a decision time: the day it was, in Sweden
        value = timezone.localdate(value)
    return value.isoformat()


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, date
    title: Promise
    description: Promise
    value: Callable[[Diploma, HttpRequest], object]
    format: str = "default"  # date: ISO 8601 (YYYY-MM-DD); string: uri, email
    required: bool = False
    pattern: str = ""
    enum: tuple[str, ...] = ()
    minimum: int | None = None

    def table_schema_field(self) -> dict:
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        field = {
            "name": self.name,
            "type": self.type,
            "format": self.format,
            "title": str(self.title),
            "description": str(self.description),
        }
        if constraints:
            field["constraints"] = constraints
        return field

    @property
    def format_label(self) -> str:
        """How the documentation page names the type and format."""
        if self.type == "date":
            return "date (YYYY-MM-DD)"
        if self.format != "default":
            return f"{self.type} ({self.format})"
        return self.type


COLUMNS: list[Column] = [
    Column(
        "code",
        "string",
        _("Code"),
        _("SCB municipality code (4 digits) or county code (2 digits); unique."),
        lambda d, r: d.organisation.code,
        required=True,
        pattern=r"[0-9]{2}([0-9]{2})?",
    ),
    Column(
        "name",
        "string",
        _("Name"),
        _("Short name"),
        lambda d, r: d.organisation.name,
        required=True,
    ),
    Column(
        "official_name",
        "string",
        _("Official name"),
        _("Official name"),
        lambda d, r: d.organisation.official_name,
        required=True,
    ),
    Column(
        "organisation_kind",
        "string",
        _("Kind of organisation"),
        _("municipality or region"),
        lambda d, r: d.organisation.kind,
        required=True,
        enum=tuple(Organisation.Kind.values),
    ),
    Column(
        "diploma",
        "string",
        _("Diploma"),
        _("city (Fairtrade City) or region (Fairtrade Region)"),
        lambda d, r: d.kind,
        required=True,
        enum=tuple(DiplomaKind.values),
    ),
    Column(
        "status",
        "string",
        _("Status"),
        _("diplomated, or paused (vilande: the diploma rests for a time)"),
        lambda d, r: d.status,
        required=True,
        enum=tuple(value for value, _label in PUBLIC_STATUS_CHOICES),
    ),
    Column(
        "diplomated_since",
        "date",
        _("Diplomated since"),
        _("Date of the diploma (YYYY-MM-DD)"),
        lambda d, r: _date(d.diplomated_since),
    ),
    Column(
        "county_code",
        "string",
        _("County code"),
        _("SCB county code"),
        lambda d, r: d.organisation.county.code,
        required=True,
        pattern=r"[0-9]{2}",
    ),
    Column(
        "county",
        "string",
        _("County"),
        _("County name"),
        lambda d, r: d.organisation.county.name,
        required=True,
    ),
    Column(
        "population",
        "integer",
        _("Population"),
        _("Population on 31 December of population_year (SCB)"),
        lambda d, r: d.organisation.population,
        required=True,
        minimum=0,
    ),
    Column(
        "population_year",
        "integer",
        _("Population year"),
        _("Year of the population figure"),
        lambda d, r: d.organisation.population_year,
        required=True,
    ),
    Column(
        "website",
        "string",
        _("Website"),
        _("The organisation's website; empty when not given"),
        lambda d, r: d.organisation.website,
        format="uri",
    ),
    Column(
        "profile_url",
        "string",
        _("Page on this portal"),
        _("The organisation's page on this portal"),
        lambda d, r: r.build_absolute_uri(
            reverse("diplomas:profile", kwargs={"slug": d.organisation.slug})
        ),
        format="uri",
        required=True,
    ),
    Column(
        "last_renewed",
        "date",
        _("Last renewed"),
        _(
            "The day Fairtrade Sverige approved the last yearly report (YYYY-MM-DD); empty "
            "before the first one"
        ),
        lambda d, r: _date(d.last_renewed),
    ),
    Column(
        "public_email",
        "string",
        _("Public contact email"),
        _("The organisation's public contact address; empty when not given"),
        lambda d, r: d.organisation.public_email,
        format="email",
    ),
]

FIELD_NAMES = [column.name for column in COLUMNS]
PRIMARY_KEY = ["code"]


def rows(request: HttpRequest, diplomas: Iterable[Diploma]) -> Iterator[dict]:
    """One dict per diploma, in the columns' order; the diplomas come from
    ``selectors.public_diplomas`` (with ``last_renewed`` annotated)."""
    for diploma in diplomas:
        yield {column.name: column.value(diploma, request) for column in COLUMNS}


def table_schema() -> dict:
    return {
        "fields": [column.table_schema_field() for column in COLUMNS],
        "primaryKey": PRIMARY_KEY,
        "missingValues": [""],
    }


def data_package(request: HttpRequest) -> dict:
    """The Data Package descriptor of the whole register's CSV, in the reader's language."""
    return {
        "profile": "tabular-data-package",
        "name": "fairtrade-city-diplomas",
        "title": str(_("Diplomated municipalities and regions (Fairtrade City, Fairtrade Region)")),
        "description": str(
            _(
                "The municipalities and regions in Sweden that hold the diploma Fairtrade City "
                "or Fairtrade Region, or whose diploma is paused (vilande). One row per "
                "organisation."
            )
        ),
        "homepage": request.build_absolute_uri(reverse("diplomas:open_data")),
        "sources": [
            {
                "title": str(_("Fairtrade Sverige: the register of diplomas")),
                "path": request.build_absolute_uri(reverse("diplomas:listing")),
            },
            {
                "title": str(_("Statistics Sweden (SCB): population on 31 December")),
                "path": "https://www.scb.se/",
            },
        ],
        "resources": [
            {
                "name": "diplomas",
                "path": request.build_absolute_uri(reverse("diplomas:listing_csv")),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "schema": table_schema(),
            }
        ],
    }


# --- the stored exports ----------------------------------------------------------------------
# The CSV and the JSON are built once per data version (fairtrade_portal.page_cache: every change
# to the register makes a new one) and per filter, language and address, then kept as bytes,
# plain and gzip-compressed, in the shared cache, with the ETag and the time they were built.
# A request then costs a read of the version: no query, no rendering, no compression, and a
# conditional GET is answered 304 from the stored ETag and time. The last few exports are also
# kept in this process's memory (keyed by the version too, so never stale): a 4 MB export is
# not fetched from Redis for each download.


@dataclass(frozen=True)
class Export:
    body: bytes
    gzipped: bytes
    etag: str  # of the plain body, quoted; the gzip representation has its own ("…-gzip")
    built_at: float  # seconds since the epoch, whole seconds (HTTP dates have no fraction)
    content_type: str


_RECENT: Recent[Export] = Recent(8)
_EXPORT_TIMEOUT_SECONDS = 24 * 60 * 60


def export_key(request: HttpRequest, kind: str) -> str:
    from django.utils import translation

    from fairtrade_portal.page_cache import request_version

    # The same filters in another order are the same export.
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    where = f"{request.scheme}://{request.get_host()}?{query!r}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    return f"open-data:{request_version(request)}:{kind}:{translation.get_language()}:{digest}"


def export_build(body: bytes, content_type: str) -> Export:
    return Export(
        body=body,
        # mtime=0: the same bytes compress to the same bytes, whenever they are built.
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        built_at=float(int(time.time())),
        content_type=content_type,
    )


def export_stored(key: str, build: Callable[[], Export | None]) -> Export | None:
    """The export under ``key``: from this process, the shared cache, or ``build()`` (which
    answers None for a request that is not to be stored, a bad filter). ``key`` is made first
    (export_key), so that it names the data version the build reads."""
    from django.conf import settings
    from django.core.cache import caches

    if not settings.PAGE_CACHE_ENABLED:  # PAGE_CACHE=false: built for every request
        return build()
    cache = caches[settings.PAGE_CACHE_ALIAS]

    def shared() -> Export | None:
        export = cache.get(key)
        if export is None:
            export = build()
            if export is not None:
                cache.set(key, export, timeout=_EXPORT_TIMEOUT_SECONDS)
        return export

    return _RECENT.get(key, shared)


def replay(request: HttpRequest, key: str, filename: str):
    """The stored export ``key`` as a response again (fairtrade_portal.page_cache.replay_later),
    or None when it is gone from the cache (the view then builds it anew)."""
    export = export_stored(key, lambda: None)
    return export_response(request, export, filename=filename) if export is not None else None


def _wants_gzip(request: HttpRequest) -> bool:
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, _sep, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip"):
            q = params.strip().removeprefix("q=").strip()
            try:
                return not q or float(q) > 0
            except ValueError:
                return False
    return False


def export_response(request: HttpRequest, export: Export, *, filename: str = ""):
    """The export as a response: gzip-compressed for a client that takes it, 304 for a
    conditional GET that already has it."""
    from django.http import HttpResponse, HttpResponseNotModified
    from django.utils.cache import patch_vary_headers
    from django.utils.http import http_date, parse_http_date_safe

    compressed = _wants_gzip(request)
    etag = export.etag[:-1] + '-gzip"' if compressed else export.etag
    last_modified = http_date(export.built_at)
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        not_modified = "*" in tags or etag in tags or export.etag in tags
    else:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        not_modified = since is not None and since >= export.built_at
    if not_modified:
        response = HttpResponseNotModified()
    else:
        body = export.gzipped if compressed else export.body
        response = HttpResponse(body, content_type=export.content_type)
        response["Content-Length"] = str(len(body))
        if compressed:
            response["Content-Encoding"] = "gzip"
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
