"""Checks shared by the page crawl and the browser tests: what pages load; the Nu Html Checker.

- :func:`resource_urls` lists every URL an HTML page makes the browser request (scripts, styles,
  icons, images, frames, media, form targets, CSS ``url()``) – not ordinary ``<a href>`` links,
  which are only followed when someone clicks them;
- :func:`foreign_urls` keeps those that point at another host;
- :func:`links` lists the ``<a href>`` targets, for crawling;
- :func:`run_vnu` runs the Nu Html Checker once over a batch of pages.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# <link rel=…> values that make the browser fetch the target.
_FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "apple-touch-icon-precomposed",
    "mask-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
    "prerender",
    "preconnect",
    "dns-prefetch",
}
# element -> attributes whose value is a URL the browser loads on its own.
_URL_ATTRS = {
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
    "button": ("formaction",),
    "input": ("src", "formaction"),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
_SRCSET_TAGS = {"img", "source"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)


def css_urls(css: str) -> list[str]:
    """Every URL in a piece of CSS: ``url(…)`` and ``@import "…"``."""
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css)]


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resources: list[tuple[str, str]] = []  # (what, url)
        self.links: list[str] = []
        self.stylesheets: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in _URL_ATTRS.get(tag, ()):
            if values.get(name, "").strip():
                self.resources.append((f"<{tag} {name}>", values[name].strip()))
        if tag in _SRCSET_TAGS and values.get("srcset"):
            for candidate in values["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.resources.append((f"<{tag} srcset>", url))
        if tag == "link" and values.get("href"):
            rels = set(values.get("rel", "").lower().split())
            if rels & _FETCHING_RELS:
                self.resources.append((f"<link rel={values.get('rel')}>", values["href"]))
            if "stylesheet" in rels:
                self.stylesheets.append(values["href"])
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _delay, _sep, target = values.get("content", "").partition("=")
            if target:
                self.resources.append(("<meta refresh>", target.strip()))
        if "style" in values:
            for url in css_urls(values["style"]):
                self.resources.append((f"<{tag} style>", url))
        if tag == "a" and "href" in values and "download" not in values:
            self.links.append(values["href"])
        if tag == "style":
            self._in_style = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for url in css_urls(data):
                self.resources.append(("<style>", url))


@dataclass
class ParsedPage:
    resources: list[tuple[str, str]]
    links: list[str]
    stylesheets: list[str]


def parse(html: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return ParsedPage(parser.resources, parser.links, parser.stylesheets)


def resource_urls(html: str) -> list[tuple[str, str]]:
    """(what, url) for everything the page makes the browser request by itself."""
    return parse(html).resources


def is_foreign(url: str, base: str) -> bool:
    """True if ``url`` (as found on the page at ``base``) is on another host than ``base``."""
    absolute = urlsplit(urljoin(base, url))
    if absolute.scheme in ("data", "blob", "about", "javascript", "mailto", "tel"):
        return False
    here = urlsplit(base)
    return (absolute.scheme, absolute.netloc) != (here.scheme, here.netloc)


def foreign_urls(html: str, base: str) -> list[tuple[str, str]]:
    return [(what, url) for what, url in resource_urls(html) if is_foreign(url, base)]


def links(html: str) -> list[str]:
    return parse(html).links


@dataclass(frozen=True)
class VnuError:
    source: str  # what the page was (URL, persona)
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        extract = " ".join(self.extract.split())[:120]
        return f"{self.source} line {self.line}: {self.message}  [{extract}]"


def run_vnu(pages: dict[str, str], *, timeout: int = 300) -> list[VnuError]:
    """Check many HTML pages with one run of the Nu Html Checker; ``pages`` maps name -> HTML."""
    if not pages:
        return []
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        by_file: dict[str, str] = {}
        for number, (name, html) in enumerate(pages.items(), 1):
            path = Path(folder) / f"page-{number:04d}.html"
            path.write_text(html, encoding="utf-8")
            by_file[path.name] = name
        result = subprocess.run(
            [
                "java",
                "-Xss4m",
                "-XX:TieredStopAtLevel=1",  # a short run: quick start beats peak speed
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *sorted(str(p) for p in Path(folder).iterdir()),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    # vnu writes its JSON report to stderr; exit status 1 means "errors found".
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"the Nu Html Checker did not answer with JSON (exit {result.returncode}): "
            f"{result.stderr[:2000]}"
        ) from exc
    errors = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        filename = message.get("url", "").rsplit("/", 1)[-1]
        errors.append(
            VnuError(
                source=by_file.get(filename, filename or "?"),
                line=message.get("lastLine"),
                message=message.get("message", ""),
                extract=message.get("extract", ""),
            )
        )
    return errors
