"""The network app's admin, one module per concern; importing them registers them."""

from . import directory, examples, feedback, handbook, monitoring, news, resources  # noqa: F401
