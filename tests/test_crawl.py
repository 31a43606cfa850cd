"""Every page every persona can reach: it answers, loads nothing from elsewhere, and is valid HTML.

For each persona (anonymous, member, coordinator, other_coordinator, staff – inside the
network: Malmö diplomated, Lund applying – and the outsider, logged in but a member of no
organisation of the network, who must be refused every intranet page) the crawl starts
from every URL pattern of ``declared_urls()`` without parameters – and, for staff, from the
admin change page of one object of every registered model – and follows the same-site links it
finds, so pages with parameters (new apps included) are reached through the links to them.

- a page the persona may GET answers below 400, and so does every link it is shown;
- a page the persona may not GET refuses it: a redirect to the login, 403 (or 404 where the
  rule is "member of the organisation"), never a server error;
- no page makes the browser request anything from another host;
- every HTML page has a Content-Security-Policy without 'unsafe-inline';
- every distinct HTML page passes the Nu Html Checker (one run for the whole batch).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from fairtrade_portal.access import Who, declared_urls
from tests.conftest import PERSONAS
from tests.pagecheck import css_urls, is_foreign, parse, run_vnu

pytestmark = pytest.mark.django_db

HOST = "testserver"
BASE = f"http://{HOST}/"
MAX_PAGES_PER_PERSONA = 800
# The personas of tests/conftest.py, and the outsider: the intranet (Who.NETWORK) must refuse
# them with the 403 page that says how to get access.
CRAWL_PERSONAS = [*PERSONAS, "outsider"]
# The same view with other parameters (another object, another filter or sort order) shows the
# same template with other data; a few of each are enough.
MAX_PAGES_PER_VIEW = 4

# URL names the crawl never requests, with the reason.
SKIP_NAMES = {
    "account_logout": "logging out would end the crawl's session",
    "admin:logout": "logging out would end the crawl's session (and it is POST only)",
    "admin:autocomplete": "a JSON endpoint for the admin's widgets; needs query parameters",
    "admin:view_on_site": "a redirect to the object's public page, reached by its own link",
    "mfa_download_recovery_codes": "a file download",
}
SKIP_PATH_PARTS = ("/static/", "/media/")
# Pages that exist only in some state of the account: allauth answers 404 until then, and links
# to them only once they apply. As parameterless start URLs they may answer 404.
STATE_DEPENDENT = {
    "mfa_deactivate_totp": "only once an authenticator app is turned on",
    "mfa_view_recovery_codes": "only once recovery codes exist",
    "mfa_generate_recovery_codes": "only once two-factor authentication is turned on",
}
IGNORED_QUERY = ("_changelist_filters=",)
FILE_SUFFIXES = (".pdf", ".csv", ".json", ".ics", ".txt", ".zip", ".xlsx", ".docx", ".xml")


@dataclass
class Page:
    persona: str
    url: str
    html: str


@dataclass
class CrawlResult:
    problems: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    visited: int = 0


def language_of(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        if path == f"/{code}/" or path.startswith(f"/{code}/"):
            return code
    return settings.LANGUAGE_CODE


@functools.lru_cache(maxsize=4096)
def url_name(path: str) -> str | None:
    with translation.override(language_of(path)):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return match.view_name


def login_paths() -> tuple[str, ...]:
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [reverse("account_login"), reverse("admin:login")]
    return tuple(paths)


def may_get(who: Who, user) -> bool:
    if who is Who.PUBLIC:
        return True
    if who is Who.NOBODY or user is None:
        return False
    if who is Who.USER:
        return True
    if who is Who.STAFF:
        return user.is_staff
    if who is Who.NETWORK:
        from diplomas.selectors import is_network_member

        return is_network_member(user)
    memberships = user.memberships.all()
    if who is Who.COORDINATOR:
        return memberships.filter(role="coordinator").exists()
    return memberships.exists()  # Who.MEMBER


def route_without_parameters(route: str) -> str | None:
    """The path of a route that takes no parameters, or None."""
    if "<" in route or "(" in route:
        return None
    return "/" + route.replace("^", "").replace("$", "").replace("\\", "")


def admin_may_not_add(name: str, user) -> bool:
    """True for the admin's add page of a model whose ModelAdmin lets nobody add objects."""
    for model, model_admin in admin.site._registry.items():
        if name == f"admin:{model._meta.app_label}_{model._meta.model_name}_add":
            request = RequestFactory().get("/")
            request.user = user
            return not model_admin.has_add_permission(request)
    return False


def start_urls(user) -> list[tuple[str, str, bool, Who]]:
    """(path, name, may GET, rule) for every parameterless URL pattern (in Swedish)."""
    starts = []
    for declared in declared_urls():
        if declared.rule is None or declared.rule.get is Who.NOBODY:
            continue
        if declared.name in SKIP_NAMES:
            continue
        if user is not None and user.is_staff and admin_may_not_add(declared.name, user):
            continue  # the admin answers 403 and links to it nowhere
        path = route_without_parameters(declared.route)
        if path is None:
            continue
        starts.append((path, declared.name, may_get(declared.rule.get, user), declared.rule.get))
    return starts


def admin_object_pages() -> list[str]:
    """The change page of one object of every model registered in the admin."""
    paths = []
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        opts = model._meta
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return paths


def check_csp(response) -> str | None:
    policy = response.headers.get("Content-Security-Policy")
    if not policy:
        return "no Content-Security-Policy header"
    if "'unsafe-inline'" in policy:
        return f"the Content-Security-Policy allows 'unsafe-inline': {policy}"
    return None


def exception_of(response) -> str:
    """The exception behind a server error, in one line (the log has the traceback)."""
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    return f" – {exc_info[0].__name__}: {str(exc_info[1]).splitlines()[0][:200]}"


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


class Crawler:
    def __init__(self, persona: str, client: Client, user) -> None:
        self.persona = persona
        self.client = client
        self.user = user
        self.result = CrawlResult()
        self.queue: deque[tuple[str, str]] = deque()  # (path, where it was found)
        self.seen: set[str] = set()
        self.per_view: dict[tuple[str, str], int] = {}
        self.stylesheets_checked: set[str] = set()
        self.login_paths = login_paths()

    def problem(self, text: str) -> None:
        self.result.problems.append(f"[{self.persona}] {text}")

    # --- the queue ------------------------------------------------------------------------
    def enqueue(self, href: str, found_on: str) -> None:
        absolute = urljoin(BASE.rstrip("/") + found_on, href.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc != HOST:
            return  # another site (a link, not a request), mailto:, tel:, …
        path = parts.path or "/"
        if any(part in path for part in SKIP_PATH_PARTS) or path.lower().endswith(FILE_SUFFIXES):
            return
        name = url_name(path)
        if name in SKIP_NAMES or "download" in (name or ""):
            return
        language = language_of(path)
        if (name or "").startswith("admin:") and language != settings.LANGUAGE_CODE:
            return  # the admin is Django's, translated by Django: one language is enough
        # The admin carries the changelist's filters through every link; they change nothing
        # on the page itself.
        query = "&".join(
            pair for pair in parts.query.split("&") if pair and not pair.startswith(IGNORED_QUERY)
        )
        key = path + (f"?{query}" if query else "")
        if key in self.seen:
            return
        view = (name or path, language)
        if self.per_view.get(view, 0) >= MAX_PAGES_PER_VIEW:
            return
        self.per_view[view] = self.per_view.get(view, 0) + 1
        self.seen.add(key)
        self.queue.append((key, found_on))

    # --- one request ----------------------------------------------------------------------
    def is_refusal(self, response, who: Who) -> bool:
        if response.status_code in (301, 302, 303, 307, 308):
            target = urlsplit(response.headers.get("Location", "")).path
            return target.startswith(self.login_paths)
        if response.status_code == 403:
            return True
        # Pages of one organisation answer 404 to everyone outside it (see access.py).
        return response.status_code == 404 and who in (Who.MEMBER, Who.COORDINATOR)

    def visit(self, path: str, found_on: str) -> None:
        self.result.visited += 1
        response = self.client.get(path)
        status = response.status_code
        where = f"{path} (linked from {found_on})" if found_on else path
        if status == 404 and not found_on and url_name(path) in STATE_DEPENDENT:
            return
        if status >= 400:
            self.problem(f"{where} answered {status}{exception_of(response)}")
            return
        if status in (301, 302, 303, 307, 308):
            self.enqueue(response.headers["Location"], path)
            return
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/html"):
            return
        if (csp := check_csp(response)) is not None:
            self.problem(f"{path}: {csp}")
        html = body_of(response).decode(response.charset or "utf-8")
        self.check_page(path, html)

    def check_page(self, path: str, html: str) -> None:
        self.result.pages.append(Page(self.persona, path, html))
        base = BASE.rstrip("/") + path
        parsed = parse(html)
        for what, url in parsed.resources:
            if is_foreign(url, base):
                self.problem(f"{path}: {what} loads from another host: {url}")
        for href in parsed.stylesheets:
            self.check_stylesheet(urljoin(base, href), path)
        for href in parsed.links:
            self.enqueue(href, path)

    def check_stylesheet(self, url: str, found_on: str) -> None:
        if is_foreign(url, BASE) or url in self.stylesheets_checked:
            return
        self.stylesheets_checked.add(url)
        response = self.client.get(urlsplit(url).path)
        if response.status_code != 200:
            self.problem(f"{found_on}: stylesheet {url} answered {response.status_code}")
            return
        for ref in css_urls(body_of(response).decode("utf-8", "replace")):
            if is_foreign(ref, url):
                self.problem(f"stylesheet {url} loads from another host: {ref}")

    # --- the whole crawl ------------------------------------------------------------------
    def run(self, extra_starts: list[str]) -> CrawlResult:
        for path, name, allowed, who in start_urls(self.user):
            if allowed:
                self.enqueue(path, "")
                continue
            response = self.client.get(path)
            self.result.visited += 1
            if not self.is_refusal(response, who):
                location = response.headers.get("Location", "")
                self.problem(
                    f"{path} ({name}, for {who}) must refuse this persona with a redirect to "
                    f"the login or 403, but answered {response.status_code} {location}"
                    f"{exception_of(response)}"
                )
        for path in extra_starts:
            self.enqueue(path, "")
        while self.queue:
            if self.result.visited >= MAX_PAGES_PER_PERSONA:
                self.problem(
                    f"stopped after {MAX_PAGES_PER_PERSONA} pages with {len(self.queue)} left: "
                    "raise MAX_PAGES_PER_PERSONA or skip repetitive links"
                )
                break
            path, found_on = self.queue.popleft()
            self.visit(path, found_on)
        return self.result


_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')
_DIGITS = re.compile(r"\d+")


def distinct_pages(pages: list[Page], personal: list[str]) -> dict[str, str]:
    """One entry per distinct document, named by persona and URL.

    Two pages count as the same when they differ only in CSRF token, numbers (ids, dates,
    counts) and the personas' names and addresses – the same template with other data.
    """
    out: dict[str, str] = {}
    seen: set[str] = set()
    for page in pages:
        shape = _DIGITS.sub("0", _CSRF.sub(r"\1", page.html))
        for text in personal:
            shape = shape.replace(text, "")
        digest = hashlib.sha256(shape.encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        out[f"{page.url} (as {page.persona})"] = page.html
    return out


def group_vnu_errors(errors) -> list[str]:
    """One line per distinct error, with the pages it is on (the same template repeats it)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for error in errors:
        extract = " ".join(error.extract.split())[:100]
        grouped.setdefault((error.message, extract), []).append(f"{error.source} line {error.line}")
    lines = []
    for (message, extract), where in grouped.items():
        more = f" and {len(where) - 3} more" if len(where) > 3 else ""
        lines.append(f"Nu Html Checker: {message} [{extract}] on {'; '.join(where[:3])}{more}")
    return lines


@pytest.fixture
def everyone(request, network) -> dict[str, object]:
    """All personas exist in every crawl, so each sees the others' data where it may; their
    organisations are in the network, so the intranet's pages are crawled too, with a published
    good example and one waiting for review."""
    people = {name: request.getfixturevalue(name) for name in CRAWL_PERSONAS if name != "anonymous"}
    from tests.network.test_good_examples import make_example

    lund, malmo = request.getfixturevalue("lund"), request.getfixturevalue("malmo")
    example = make_example(lund, people["other_coordinator"], title="Lunds kaffe")
    example.comments.create(author=people["other_coordinator"], text="Fråga gärna!")
    make_example(malmo, people["coordinator"], status="submitted", title="Malmös fika")
    # Events: a public one, a full one on site with a waiting list, and a past one.
    from tests.network.test_events import make_event

    make_event("oppen-trafff", audience="public", title_sv="Öppen träff")
    full = make_event("full-utbildning", online=False, capacity=1, title_sv="Full utbildning")
    full.registrations.create(user=people["coordinator"], status="registered", needs="Vegetariskt")
    full.registrations.create(user=people["member"], status="waiting")
    make_event("forra-traffen", days=-7, title_sv="Förra träffen")
    from tests.network.test_discussions import make_discussion

    make_discussion(people["member"], people["coordinator"], people["staff"])
    from tests.procurement.followup_data import make_followup

    make_followup(malmo, lund, people["coordinator"])  # contracts, their steps, shared follow-up
    return people


def test_every_page_every_persona_reaches_is_sound(everyone):
    problems: list[str] = []
    pages: list[Page] = []
    timings: list[str] = []
    for persona in CRAWL_PERSONAS:
        # A server error is reported with the page it happened on; the crawl goes on.
        client = Client(raise_request_exception=False)
        user = everyone.get(persona)
        if user is not None:
            client.force_login(user)
        extra = []
        if user is not None and user.is_staff:
            extra = admin_object_pages()
        extra.append("/finns-inte/")  # the 404 page itself must be sound HTML
        crawler = Crawler(persona, client, user)
        started = time.monotonic()
        result = crawler.run(extra)
        timings.append(
            f"{persona}: {result.visited} requests in {time.monotonic() - started:.1f} s"
        )
        # The deliberate 404 is expected.
        result.problems = [p for p in result.problems if "/finns-inte/ answered 404" not in p]
        if persona == "anonymous":
            not_found = client.get("/finns-inte/")
            assert not_found.status_code == 404
            result.pages.append(Page(persona, "/finns-inte/", not_found.content.decode()))
        problems += result.problems
        pages += result.pages
        assert result.visited > 3, f"the crawl as {persona} found almost nothing"

    personal = [text for user in everyone.values() for text in (user.email, user.name, str(user))]
    distinct = distinct_pages(pages, sorted(set(personal), key=len, reverse=True))
    if dump := os.environ.get("CRAWL_DUMP_DIR"):  # to look at what the checker saw
        folder = Path(dump)
        folder.mkdir(parents=True, exist_ok=True)
        for number, (name, html) in enumerate(distinct.items(), 1):
            (folder / f"page-{number:04d}.html").write_text(f"<!-- {name} -->\n{html}")
    started = time.monotonic()
    errors = run_vnu(distinct)
    timings.append(f"Nu Html Checker: {len(distinct)} pages in {time.monotonic() - started:.1f} s")
    print("\n".join(timings))  # shown with -s or when the test fails
    problems += group_vnu_errors(errors)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
