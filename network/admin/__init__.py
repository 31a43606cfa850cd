"""The network app's admin, one module per concern; importing them registers them."""

from . import (  # noqa: F401
    directory,
    discussions,
    events,
    examples,
    feedback,
    groups,
    handbook,
    monitoring,
    news,
    resources,
)
