"""The network app's forms, one module per concern."""

from .handbook import PrintOrderForm

__all__ = ["PrintOrderForm"]
