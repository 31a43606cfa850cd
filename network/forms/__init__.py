"""The network app's forms, one module per concern."""

from .handbook import PrintOrderForm
from .news import NewsItemForm
from .resources import ResourceForm

__all__ = ["NewsItemForm", "PrintOrderForm", "ResourceForm"]
