"""The intranet's section of the main menu, for the network's members and staff."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    path: str  # without the language prefix: "/nyheter/"


# The one list of the intranet's pages. Other parts of the intranet are linked by path until
# they are merged (then: reverse()).
INTRANET_MENU = [
    MenuEntry(_("News"), "/nyheter/"),
    MenuEntry(_("Resources"), "/resurser/"),
    MenuEntry(_("Good examples"), "/goda-exempel/"),
    MenuEntry(_("Monitoring"), "/omvarld/"),
    MenuEntry(_("Member directory"), "/katalog/"),
]


@functools.lru_cache(maxsize=64)
def _exists(url: str) -> bool:
    """Whether a page answers at ``url`` (a part not merged yet is left out of the menu)."""
    from django.urls import Resolver404, resolve

    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def intranet_menu(request) -> dict:
    """``intranet_menu``: the entries with the address in the page's language and whether it is
    the current page (or below it), for members of the network; empty for anyone else. The
    membership check is cached on the user, so the page's own check costs no second query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"intranet_menu": []}
    from diplomas.selectors import is_network_member

    if not is_network_member(user):
        return {"intranet_menu": []}
    from django.conf import settings
    from django.utils.translation import get_language

    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    entries = []
    for entry in INTRANET_MENU:
        url = prefix + entry.path
        if not _exists(url):
            continue
        entries.append(
            {
                "label": entry.label,
                "url": url,
                "current": request.path == url,
                "within": request.path.startswith(url) and request.path != url,
            }
        )
    return {"intranet_menu": entries}
