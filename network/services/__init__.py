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
from .examples import (  # noqa: E402
    good_example_approve,
    good_example_comment_add,
    good_example_comment_delete,
    good_example_save,
    good_example_send_back,
    good_example_toggle_saved,
)
from .groups import group_member_add, group_member_remove  # noqa: E402
from .monitoring import monitoring_feed_import, monitoring_import_all  # noqa: E402

__all__ += [
    "good_example_approve",
    "good_example_comment_add",
    "good_example_comment_delete",
    "good_example_save",
    "good_example_send_back",
    "good_example_toggle_saved",
    "group_member_add",
    "group_member_remove",
    "monitoring_feed_import",
    "monitoring_import_all",
]
