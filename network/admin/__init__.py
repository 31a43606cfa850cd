"""The network app's admin, one module per concern; importing them registers them."""

from . import directory, feedback, handbook, resources  # noqa: F401
