"""The machinery of the fuzz tests (test_fuzz_forms.py): find every form a persona can reach,
post to it inside a savepoint that is rolled back, and judge the answer.

- :func:`reachable_forms` crawls as the persona (the crawl of test_crawl.py, one page per view)
  and parses every ``<form method="post">`` of the pages it sees;
- :class:`Form` knows the form's fields and a baseline submission that a careful user would
  send (the values shown, and plausible values in the empty required fields);
- :class:`Prober` posts one submission, runs what the view queued for after the commit (mail),
  and reports a :class:`Failure` for a server error, for a refusal that changed the database or
  stored a file, and for an accepted input the portal should have refused or cannot show.
"""

from __future__ import annotations

import dataclasses
import os
import re
import traceback
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.test import Client

import tests.test_crawl as crawl

PASSWORD = "Fuzz-horse-battery-staple-42"
# Tables a request may change without changing anything anyone owns: the session (messages,
# the login's state) and the list of sessions (last seen).
IGNORED_TABLES = {"django_session", "usersessions_usersession"}
# Forms the fuzz test never posts, by the URL name of their action, with the reason.
SKIP_ACTIONS = {
    "account_logout": "logging out would end the fuzz run's session",
    "admin:logout": "logging out would end the fuzz run's session",
}
ERROR_MARKERS = (
    'class="errorlist',
    'class="errornote',
    'class="form-errors',
    'aria-invalid="true"',
)
# C0 and C1 control characters other than tab, line feed and carriage return: invalid in HTML.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FAR_DATE = re.compile(r"^(\d{4,})-\d\d-\d\d")


# --- forms in HTML ------------------------------------------------------------------------------


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # text, textarea, email, number, date, datetime, time, url, password, select,
    # checkbox, radio, hidden, file
    value: str = ""
    options: list[str] = dataclasses.field(default_factory=list)
    required: bool = False
    multiple: bool = False
    checked: bool = False


@dataclasses.dataclass
class Form:
    persona: str
    page: str  # where the form was found
    action: str  # the path it posts to
    action_name: str
    fields: dict[str, Field]
    buttons: list[tuple[str, str]]  # named submit buttons, (name, value)
    csrf: str = ""

    @property
    def key(self) -> tuple:
        return (self.persona, self.action_name, tuple(sorted(self.fields)))

    def file_fields(self) -> list[Field]:
        return [f for f in self.fields.values() if f.kind == "file"]

    def fuzzable(self) -> list[Field]:
        return [f for f in self.fields.values() if f.kind != "file"]

    def baseline(self) -> dict[str, list]:
        """What a careful user would post: the values shown, plausible ones where required
        fields are empty, the first submit button."""
        data: dict[str, list] = {}
        for field in self.fields.values():
            value = plausible(field)
            if value is not None:
                data[field.name] = value
        if self.buttons:
            name, value = self.buttons[0]
            data[name] = [value]
        if self.csrf:
            data["csrfmiddlewaretoken"] = [self.csrf]
        return data

    def __str__(self) -> str:
        return f"[{self.persona}] POST {self.action} ({self.action_name}, form on {self.page})"


PLAUSIBLE = {
    "email": "fuzz@example.se",
    "number": "1",
    "date": "2026-05-04",
    "datetime": "2026-05-04T10:00",
    "time": "10:00",
    "url": "https://example.se/",
    "tel": "040-123 45 67",
    "password": PASSWORD,
    "text": "Fuzz",
    "textarea": "Fuzzad text.",
    "search": "fuzz",
}


def plausible(field: Field) -> list | None:
    if field.kind == "file":
        return None
    if field.kind in ("checkbox", "radio"):
        if field.checked or (field.required and field.kind == "checkbox"):
            return [field.value or "on"]
        if field.kind == "radio" and field.options:
            return [field.options[0]]
        return None
    if field.kind == "select":
        if field.value:
            return [field.value]
        chosen = [option for option in field.options if option]
        return chosen[:1] if (chosen and field.required) else [""]
    if field.value or field.kind == "hidden":
        return [field.value]
    if field.kind == "password" or field.required:
        return [PLAUSIBLE.get(field.kind, "Fuzz")]
    if field.kind in ("date", "email", "number"):
        return [""]
    return [PLAUSIBLE.get(field.kind, "Fuzz")]


def kind_of(tag: str, attrs: dict[str, str]) -> str:
    if tag in ("textarea", "select"):
        return tag
    kind = (attrs.get("type") or "text").lower()
    classes = attrs.get("class", "")
    if "vDateField" in classes:  # the admin's date and time widgets are text inputs
        return "date"
    if "vTimeField" in classes:
        return "time"
    if any(c in classes for c in ("vIntegerField", "vBigIntegerField", "vForeignKeyRawId")):
        return "number"
    if kind == "datetime-local":
        return "datetime"
    if kind in ("search", "tel"):
        return kind
    known = {"text", "email", "number", "date", "time", "url", "password", "checkbox"}
    known |= {"radio", "hidden", "file"}
    return kind if kind in known else "text"


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: Field | None = None
        self.option: dict | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs_list):
        attrs = {k: (v or "") for k, v in attrs_list}
        if tag == "form":
            self.current = {
                "method": attrs.get("method", "get").lower(),
                "action": attrs.get("action", ""),
                "fields": {},
                "buttons": [],
                "csrf": "",
            }
            self.forms.append(self.current)
            return
        form = self.current
        if form is None:
            return
        name = attrs.get("name")
        if tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        if not name or "disabled" in attrs:
            return
        if tag == "button" or (tag == "input" and attrs.get("type") in ("submit", "image")):
            if attrs.get("type", "submit") == "submit" or tag == "input":
                form["buttons"].append((name, attrs.get("value", "")))
            return
        if tag == "input" and attrs.get("type") in ("reset", "button"):
            return
        if tag not in ("input", "select", "textarea"):
            return
        if name == "csrfmiddlewaretoken":
            form["csrf"] = attrs.get("value", "")
            return
        kind = kind_of(tag, attrs)
        required = "required" in attrs
        field = form["fields"].get(name)
        if kind == "radio":
            if field is None:
                field = form["fields"][name] = Field(name, "radio", required=required)
            field.options.append(attrs.get("value", "on"))
            if "checked" in attrs:
                field.checked, field.value = True, attrs.get("value", "on")
            return
        if field is not None:
            return  # a second input of the same name (a checkbox list): the first stands for it
        field = Field(name, kind, value=attrs.get("value", ""), required=required)
        if kind == "checkbox":
            field.value = attrs.get("value", "on")
            field.checked = "checked" in attrs
        field.multiple = "multiple" in attrs
        form["fields"][name] = field
        if tag == "select":
            self.select = field
        elif tag == "textarea":
            self.textarea = field

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            if self.textarea is not None:
                self.textarea.value = self.textarea.value.removeprefix("\n")
            self.textarea = None
        elif tag == "option":
            self.close_option()
        elif tag == "select":
            self.close_option()
            self.select = None

    def close_option(self):
        if self.option is None or self.select is None:
            return
        value = self.option["value"]
        value = self.option["text"].strip() if value is None else value
        self.select.options.append(value)
        if self.option["selected"] and not self.select.value:
            self.select.value = value
        self.option = None


def forms_on(page: crawl.Page) -> list[Form]:
    parser = FormParser()
    parser.feed(page.html)
    forms = []
    for raw in parser.forms:
        if raw["method"] != "post":
            continue
        action = urlsplit(urljoin(crawl.BASE.rstrip("/") + page.url, raw["action"] or page.url))
        if action.netloc != crawl.HOST:
            continue
        path = action.path + (f"?{action.query}" if action.query else "")
        name = crawl.url_name(action.path) or action.path
        if name in SKIP_ACTIONS:
            continue
        forms.append(
            Form(
                persona=page.persona,
                page=page.url,
                action=path,
                action_name=name,
                fields=raw["fields"],
                buttons=raw["buttons"],
                csrf=raw["csrf"],
            )
        )
    return forms


def reachable_forms(persona: str, user) -> list[Form]:
    """Every distinct POST form the persona is shown, one per action and set of fields."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    extra = crawl.admin_object_pages() if user is not None and user.is_staff else []
    crawler = crawl.Crawler(persona, client, user)
    previous = crawl.MAX_PAGES_PER_VIEW
    crawl.MAX_PAGES_PER_VIEW = 1  # one page of each view shows its forms
    try:
        result = crawler.run(extra)
    finally:
        crawl.MAX_PAGES_PER_VIEW = previous
    found: dict[tuple, Form] = {}
    for page in result.pages:
        for form in forms_on(page):
            found.setdefault(form.key, form)
    return list(found.values())


# --- the database and the media folder ----------------------------------------------------------


def _tables() -> list[str]:
    return sorted(set(connection.introspection.table_names()) - IGNORED_TABLES)


def fingerprint() -> dict[str, tuple]:
    """Per table: the row count and a checksum of every row (PostgreSQL), or the row count and
    the largest rowid (SQLite). One query for the whole database."""
    qn = connection.ops.quote_name
    tables = _tables()
    if connection.vendor == "postgresql":
        part = (
            "SELECT %s, count(*), coalesce(md5(string_agg(md5(t::text), '' "
            "ORDER BY md5(t::text))), '') FROM {} t"
        )
    else:
        part = "SELECT %s, count(*), coalesce(max(rowid), 0) FROM {}"
    sql = " UNION ALL ".join(part.format(qn(table)) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


# A stored name leaves room for the suffix Django adds when the name is taken (and for a
# file system's 255-byte limit).
MAX_NAME_BYTES = 150
SAFE_NAME = re.compile(r"^[\w][\w.-]*$")
DANGEROUS_SUFFIXES = (".exe", ".html", ".htm", ".svg", ".js", ".php", ".sh", ".bat", ".com")


def unsafe_stored_name(path: Path) -> str | None:
    root = Path(os.path.realpath(settings.MEDIA_ROOT))
    real = Path(os.path.realpath(path))
    if root not in real.parents:
        return f"stored outside MEDIA_ROOT: {real}"
    relative = real.relative_to(root)
    for part in relative.parts:
        if len(part.encode()) > MAX_NAME_BYTES:
            return f"stored under a name longer than {MAX_NAME_BYTES} bytes: {str(relative)!r}"
        if not SAFE_NAME.match(part):
            return f"stored under an unsafe name: {str(relative)!r}"
    if real.name.lower().endswith(DANGEROUS_SUFFIXES):
        return f"stored with an executable or active suffix: {str(relative)!r}"
    return None


# --- judging one submission ---------------------------------------------------------------------


@dataclasses.dataclass
class Failure:
    form: Form
    field: str
    value: object
    problem: str  # one line: the cause (an exception's last line or a broken rule)
    where: str = ""  # the innermost frame of the traceback

    def line(self) -> str:
        where = f" (at {self.where})" if self.where else ""
        return f"{self.form}: field {self.field!r} = {short(self.value)}: {self.problem}{where}"


def short(value: object, limit: int = 90) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if len(value) == 1 else list(value)
    if hasattr(value, "name") and hasattr(value, "read"):
        return f"file {short(value.name, 60)}"
    text = repr(value)
    if len(text) > limit:
        return f"{text[: limit - 20]}…{text[-12:]} ({len(str(value))} chars)"
    return text


def exception_of(response) -> tuple[str, str]:
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return "", ""
    last = traceback.format_exception_only(exc_info[0], exc_info[1])[-1].strip()
    frames = traceback.extract_tb(exc_info[2])
    frame = frames[-1] if frames else None
    where = f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}" if frame else ""
    return last[:300], where


def shows_errors(html: str) -> bool:
    return any(marker in html for marker in ERROR_MARKERS)


def far_dates(form: Form, data: dict) -> list[str]:
    """The dates no one means (before 1900, after 2200) posted in the form's date fields."""
    found = []
    for name, values in data.items():
        field = form.fields.get(name)
        if field is None or field.kind not in ("date", "datetime"):
            continue
        for value in values:
            match = FAR_DATE.match(str(value).strip()) if isinstance(value, str) else None
            if match and not 1900 <= int(match.group(1)) <= 2200:
                found.append(value)
    return found


class Prober:
    """Posts submissions of one form, each in a savepoint rolled back afterwards."""

    def __init__(self, client: Client, form: Form, failures: list[Failure]) -> None:
        self.client = client
        self.form = form
        self.failures = failures

    def fail(self, field: str, value: object, problem: str, where: str = "") -> None:
        for known in self.failures:
            if (known.form.key, known.field, known.problem) == (self.form.key, field, problem):
                return  # the same cause in the same field once is enough
        self.failures.append(Failure(self.form, field, value, problem, where))

    def post(self, data: dict, field: str, value: object, *, times: int = 1) -> None:
        cookies = self.client.cookies
        self.client.cookies = cookies.__class__(cookies)
        try:
            with transaction.atomic():
                self._post(data, field, value, times)
                transaction.set_rollback(True)
        finally:
            self.client.cookies = cookies

    def _post(self, data: dict, field: str, value: object, times: int) -> None:
        before = fingerprint()
        files_before = media_files()
        for _ in range(times):
            for item in data.values():
                for entry in item:
                    if hasattr(entry, "seek"):
                        entry.seek(0)
            queued = len(connection.run_on_commit)
            response = self.client.post(self.form.action, data)
            status = response.status_code
            if status >= 500:
                problem, where = exception_of(response)
                self.fail(field, value, f"{status} {problem}", where)
                return
            if (problem := self._run_on_commit(queued)) is not None:
                self.fail(field, value, problem[0], problem[1])
                return
            html = response.content.decode(response.charset or "utf-8", "replace")
            refused = 400 <= status < 500 or (status == 200 and shows_errors(html))
            if refused:
                changed = changed_tables(before, fingerprint())
                if changed:
                    self.fail(field, value, f"refused ({status}) but changed {', '.join(changed)}")
                new_files = media_files() - files_before
                if new_files:
                    names = ", ".join(sorted(p.name[:60] for p in new_files))
                    self.fail(field, value, f"refused ({status}) but stored the file {names}")
                return
            self._accepted(response, data, field, value, files_before)

    def _run_on_commit(self, queued: int) -> tuple[str, str] | None:
        """Run what the view queued for after the commit (mail, tasks), as a real commit would:
        an exception there is a server error for the person who posted."""
        callbacks = connection.run_on_commit[queued:]
        del connection.run_on_commit[queued:]
        for _sids, callback, robust in callbacks:
            try:
                callback()
            except Exception as exc:  # noqa: BLE001 – reported as the failure it is
                if robust:
                    continue
                frames = traceback.extract_tb(exc.__traceback__)
                where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
                last = traceback.format_exception_only(type(exc), exc)[-1].strip()
                return f"500 after the commit: {last[:300]}", where
        return None

    def _accepted(self, response, data, field, value, files_before) -> None:
        for date in far_dates(self.form, data):
            self.fail(field, value, f"accepted a date no one means ({date[:12]})")
        for path in sorted(media_files() - files_before):
            if (problem := unsafe_stored_name(path)) is not None:
                self.fail(field, value, f"accepted upload {problem}")
        # What was stored must show: the page the answer leads to, and the form again.
        pages = [self.form.page]
        if response.status_code in (301, 302, 303, 307, 308):
            target = urlsplit(urljoin(crawl.BASE, response.headers.get("Location", "")))
            if target.netloc in ("", crawl.HOST) and not target.path.startswith("/media/"):
                pages.insert(0, target.path + (f"?{target.query}" if target.query else ""))
        for page in dict.fromkeys(pages):
            if response.status_code == 200 and page == self.form.action:
                shown = response  # the page answered with itself: it is what is shown
            else:
                shown = self.client.get(page)
            if shown.status_code >= 500:
                problem, where = exception_of(shown)
                self.fail(field, value, f"accepted, then {page} answered 500 {problem}", where)
                continue
            if shown.streaming or not shown.get("Content-Type", "").startswith("text/html"):
                continue
            html = shown.content.decode(shown.charset or "utf-8", "replace")
            if match := CONTROL_CHARACTERS.search(html):
                self.fail(
                    field,
                    value,
                    f"accepted, then {page} shows the control character "
                    f"U+{ord(match.group()):04X} (invalid HTML)",
                )
