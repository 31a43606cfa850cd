"""The procurement app's admin, one module per concern; importing them registers them."""

from . import followup, goals, packages, requirements, risks  # noqa: F401
