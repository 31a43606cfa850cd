"""The network app's forms, one module per concern."""

from .handbook import PrintOrderForm
from .resources import ResourceForm

__all__ = ["PrintOrderForm", "ResourceForm"]
