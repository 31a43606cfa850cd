"""The network app's admin, one module per concern; importing them registers them."""

from . import directory, feedback, handbook, news, resources  # noqa: F401
