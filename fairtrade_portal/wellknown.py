"""Files that browsers and security researchers look for at fixed addresses."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils import timezone

from .access import Who, access

# RFC 9116 asks that Expires be less than a year ahead, so that a forgotten file goes stale.
# The file is written on each request from the settings, so it is as fresh as the deployment;
# half a year leaves room for a reader who saved it.
SECURITY_TXT_VALID = dt.timedelta(days=182)


@access(get=Who.PUBLIC, note="RFC 9116: how to report a vulnerability")
def security_txt(request: HttpRequest) -> HttpResponse:
    expires = (timezone.now() + SECURITY_TXT_VALID).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: sv, en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@access(get=Who.PUBLIC, note="browsers ask for it on every site")
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(staticfiles_storage.url("img/favicon.svg"))
