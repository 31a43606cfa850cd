"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test gets a fresh browser context whose ``page`` is audited:

- every request to a host other than the live server is aborted and recorded;
- every console error (a CSP violation – "Refused to …" –, a failed load, a script error) is
  recorded;
- every document that loads must be checked with axe-core (WCAG 2.0/2.1 A and AA) through the
  ``check_page`` fixture, which the journeys call after each navigation.

At teardown the test fails if anything was recorded or a loaded page was never checked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.test.testcases import _StaticFilesHandler
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.pagecheck import AXE_JS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000
FAILED_LOAD = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


@pytest.fixture(scope="session")
def live_server(request, _static_files) -> Iterator[LiveServer]:
    """pytest-django's live server, serving the *collected* static files.

    pytest-django serves static files through the staticfiles finders, which know nothing of
    the hashed names the manifest storage puts into pages; Django's own LiveServerTestCase
    handler serves STATIC_ROOT, where collectstatic wrote them.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "127.0.0.1"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _StaticFilesHandler
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all browser tests (they are one package, so they run together).

    While Playwright's sync API is running, this thread has a running asyncio event loop, and
    Django refuses ORM calls from it unless DJANGO_ALLOW_ASYNC_UNSAFE is set; the tests never
    run async code themselves. The variable is set only as long as the browser runs, so the
    rest of the suite (and the subprocesses it starts) keep Django's protection.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"  {self.rule} ({self.impact}): {self.help}\n    " + "\n    ".join(self.targets)


@dataclass
class PageAudit:
    """What the audited page did; filled in by event handlers and ``check``."""

    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    expected_statuses: set[int] = field(default_factory=set)

    def on_route(self, route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.foreign_requests.append(f"{route.request.resource_type}: {url}")
            route.abort()

    def expect_status(self, status: int) -> None:
        """The test means to load a page answering ``status`` (an error page it checks): the
        browser's console note about that status is not a problem."""
        self.expected_statuses.add(status)

    def on_console(self, message: ConsoleMessage) -> None:
        failed = FAILED_LOAD.match(message.text)
        if failed and int(failed.group(1)) in self.expected_statuses:
            return
        if message.type == "error":
            where = message.location.get("url") or (message.page.url if message.page else "?")
            self.console_errors.append(f"{message.text} (on {where})")

    def on_page_error(self, error: Exception) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def on_load(self, page: Page) -> None:
        self.loaded.append(page.url)

    def problems(self) -> list[str]:
        found = []
        if self.foreign_requests:
            found.append("requests to other hosts:\n  " + "\n  ".join(self.foreign_requests))
        if self.console_errors:
            found.append("console errors:\n  " + "\n  ".join(self.console_errors))
        unchecked = sorted(set(self.loaded) - self.checked)
        if unchecked:
            found.append(
                "pages that loaded but were never checked with axe (call check_page() after "
                "each navigation):\n  " + "\n  ".join(unchecked)
            )
        return found


@pytest.fixture(scope="package")
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def page_audit(live_server) -> PageAudit:
    return PageAudit(origin=live_server.url)


@pytest.fixture
def page(browser, live_server, page_audit) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", page_audit.on_route)
    page = context.new_page()
    page.on("console", page_audit.on_console)
    page.on("pageerror", page_audit.on_page_error)
    page.on("load", page_audit.on_load)
    yield page
    context.close()
    problems = page_audit.problems()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def run_axe(page: Page, axe_source: str, *, disable_rules: dict[str, str] | None = None) -> list:
    """Run axe-core on the page's current document; return its violations.

    The CSP forbids inline scripts, so axe is not added as a <script> tag: its source is
    evaluated through the DevTools protocol, which the page's CSP does not govern.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in (disable_rules or {})},
        # axe's CSS preload re-creates stylesheets that use @import (the admin's forms.css) as
        # inline <style> elements, which the page's CSP rightly refuses: that would report the
        # checker's own doing as the page's. Only css-orientation-lock needs the preload; no
        # stylesheet of the portal locks the orientation (tests/test_portal_pages.py).
        "preload": False,
    }
    result = page.evaluate(
        """async (options) => {
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                rule: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ') + ' – ' +
                                     (n.failureSummary || '').replace(/\\s+/g, ' ')),
            }));
        }""",
        options,
    )
    return [Violation(**v) for v in result]


@pytest.fixture
def check_page(page: Page, page_audit: PageAudit, axe_source: str) -> Callable[..., None]:
    """Check the page's current document with axe-core; fail at once on any violation.

    ``disable_rules`` maps an axe rule id to the reason it cannot apply to this page; use it
    only for markup the project cannot change (see the admin journey).
    """

    def check(*, disable_rules: dict[str, str] | None = None) -> None:
        violations = run_axe(page, axe_source, disable_rules=disable_rules)
        page_audit.checked.add(page.url)
        if violations:
            pytest.fail(
                f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:\n"
                + "\n".join(str(v) for v in violations),
                pytrace=False,
            )

    return check


# --- a small TOTP (RFC 6238) for the two-factor journeys ----------------------------------------
def totp(secret: str, *, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    counter = int((time.time() if at is None else at) // period)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def fresh_totp(secret: str, *, margin: float = 3.0, period: int = 30) -> str:
    """A code that stays valid for at least ``margin`` seconds (the server allows no drift)."""
    if period - time.time() % period < margin:
        time.sleep(period - time.time() % period + 0.1)
    return totp(secret, period=period)
