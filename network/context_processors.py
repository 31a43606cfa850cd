"""The intranet's section of the main menu, for the network's members and staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str


# The one list of the intranet's pages.
INTRANET_MENU = [
    MenuEntry(_("News"), "network:news"),
    MenuEntry(_("Events"), "network:events"),
    MenuEntry(_("Resources"), "network:resources"),
    MenuEntry(_("Good examples"), "network:examples"),
    MenuEntry(_("Discussions"), "network:discussions"),
    MenuEntry(_("Monitoring"), "network:monitoring"),
    MenuEntry(_("Member directory"), "network:directory"),
    MenuEntry(_("Groups"), "network:groups"),
]


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
    entries = []
    for entry in INTRANET_MENU:
        url = reverse(entry.url_name)  # in the active language, prefix and all
        entries.append(
            {
                "label": entry.label,
                "url": url,
                "current": request.path == url,
                "within": request.path.startswith(url) and request.path != url,
            }
        )
    return {"intranet_menu": entries}
