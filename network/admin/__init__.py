"""The network app's admin, one module per concern; importing them registers them."""

from . import directory, feedback, handbook  # noqa: F401
