"""Where apps register what is due. A source is a function ``(today, batch_size)`` that yields
batches (lists) of :class:`ReminderSpec`; it should read each batch with a fixed number of
queries, so a sweep's queries grow with the number of batches, not of organisations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Source = Callable[[dt.date, int], Iterable[list["ReminderSpec"]]]
_SOURCES: dict[str, Source] = {}
_KINDS: dict[str, tuple[str, ...]] = {}  # source name -> the EmailKinds it sends


@dataclass(frozen=True)
class ReminderSpec:
    key: str  # what, for whom, which occasion: the same reminder always has the same key
    kind: str  # an EmailKind
    template: str  # emails/<template>-subject.txt, -body.txt, -body.html
    email: str
    language: str
    recipient_id: int | None = None
    context: dict = field(default_factory=dict)  # JSON only: the email renders from it


def source(name: str, *, kinds: Iterable[str]) -> Callable[[Source], Source]:
    """Register ``name``; ``kinds`` are the EmailKinds its reminders have, so people are asked
    only about emails the portal actually sends."""

    def register(func: Source) -> Source:
        _SOURCES[name] = func
        _KINDS[name] = tuple(kinds)
        return func

    return register


# An email may carry files made when it is sent (an event's .ics): a template names a function
# ``(context) -> [(filename, content, mimetype), …]`` that builds them from the reminder's JSON
# context, so the row stays small and the file is always made from the current data.
Attachments = Callable[[dict], list[tuple[str, bytes | str, str]]]
_ATTACHMENTS: dict[str, Attachments] = {}


def attachments(template: str) -> Callable[[Attachments], Attachments]:
    """Register the function that builds the attachments of every email of ``template``."""

    def register(func: Attachments) -> Attachments:
        _ATTACHMENTS[template] = func
        return func

    return register


def attachments_for(template: str, context: dict) -> list[tuple[str, bytes | str, str]]:
    build = _ATTACHMENTS.get(template)
    return build(context) if build else []


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


def kinds_sent() -> set[str]:
    return {kind for kinds in _KINDS.values() for kind in kinds}
