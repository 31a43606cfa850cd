"""The network app's admin, one module per concern; importing them registers them."""

from . import handbook, news  # noqa: F401
