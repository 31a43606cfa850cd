"""The network app's admin, one module per concern; importing them registers them."""

from . import handbook  # noqa: F401
from . import examples, monitoring  # noqa: F401, E402
