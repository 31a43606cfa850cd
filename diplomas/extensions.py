"""Where other apps add to the diplomas' pages without ``diplomas`` importing them: the
dependencies point one way (``network`` and ``procurement`` use ``diplomas``, never the other
way round), so an app that has something to show registers it here from its ``AppConfig.ready``.

- **Profile sections**: a template and a function ``(organisation) -> context or None`` for
  the public profile; ``None`` leaves the section out (the procurement app's published goals
  and figures).
- **The purchase-share source**: ``(organisation, year) -> FiguresSource or None``, the share
  the yearly report reads instead of asking (the procurement app's figures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: Callable[..., dict | None]


_profile_sections: list[ProfileSection] = []
_purchase_share_sources: list[Callable] = []


def register_profile_section(template: str, context: Callable[..., dict | None]) -> None:
    _profile_sections.append(ProfileSection(template, context))


def register_purchase_share_source(source: Callable) -> None:
    _purchase_share_sources.append(source)


def profile_sections(organisation) -> list[dict]:
    """The registered sections that have something to show, each ``{"template", "data"}``."""
    shown = []
    for section in _profile_sections:
        data = section.context(organisation)
        if data is not None:
            shown.append({"template": section.template, "data": data})
    return shown


def purchase_share(organisation, year: int):
    """The first registered source's share for the year, or None."""
    for source in _purchase_share_sources:
        share = source(organisation, year)
        if share is not None:
            return share
    return None
