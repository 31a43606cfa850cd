"""The web benchmark's URL configuration (bench/settings.py): the portal's own URLs plus two
ceilings, registered only here.

- ``/bench/ok``: ``HttpResponse("ok")`` behind the whole middleware stack and the access
  decorator: what any page of the portal costs at the least.
- ``/bench/bytes.csv``, ``/bench/bytes.json``: the open data's bytes, built once when the
  process first asks and then returned from memory: the ceiling for a body that size.
  ``/bench/bytes.map``: the same for the map page (1.5 MB at 10 000 organisations), for
  information beside its row.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path

from fairtrade_portal.access import Who, access
from fairtrade_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from fairtrade_portal.urls import urlpatterns as portal_urlpatterns

_BYTES: dict[str, bytes] = {}


@access(get=Who.PUBLIC, note="benchmark only: the cheapest page behind the middleware")
def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@access(get=Who.PUBLIC, note="benchmark only: the open data's bytes from memory")
def same_bytes(request: HttpRequest, kind: str) -> HttpResponse:
    from django.http import Http404

    from diplomas import views

    view = {"csv": views.listing_csv, "json": views.listing_json}.get(kind)
    if view is None and kind != "map":
        raise Http404
    if kind == "map" and kind not in _BYTES:  # a whole page: through the whole stack, once
        from django.test import Client

        _BYTES[kind] = Client().get("/diplomerade/karta/", HTTP_HOST=request.get_host()).content
    elif kind not in _BYTES:
        fake = RequestFactory().get(f"/diplomerade/data.{kind}", HTTP_HOST=request.get_host())
        fake.user = request.user
        _BYTES[kind] = view(fake).content
    body = _BYTES[kind]
    response = HttpResponse(body, content_type="application/octet-stream")
    response["Content-Length"] = str(len(body))
    return response


urlpatterns = [
    path("bench/ok", minimal, name="bench_minimal"),
    path("bench/bytes.<str:kind>", same_bytes, name="bench_bytes"),
    *portal_urlpatterns,
]
