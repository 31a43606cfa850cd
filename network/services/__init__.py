"""The network app's services (what changes data), one module per concern."""

from .handbook import (
    LAYOUT_VERSION,
    content_hash,
    current_pdf,
    handbook_changed,
    handbook_chapters,
    handbook_html,
    handbook_render,
    print_order_place,
)
from .resources import (
    resource_extract_text,
    resource_set_hidden,
    resource_share,
    resource_update,
)

__all__ = [
    "LAYOUT_VERSION",
    "content_hash",
    "current_pdf",
    "handbook_changed",
    "handbook_chapters",
    "handbook_html",
    "handbook_render",
    "print_order_place",
    "resource_extract_text",
    "resource_set_hidden",
    "resource_share",
    "resource_update",
]
