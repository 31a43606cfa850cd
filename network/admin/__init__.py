"""The network app's admin, one module per concern; importing them registers them."""

from . import examples, handbook, monitoring  # noqa: F401
