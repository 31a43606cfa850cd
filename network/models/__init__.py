"""The network app's models, one module per concern, re-exported here so that
``from network.models import X`` works for every one of them."""

from .handbook import HandbookChapter, HandbookRender, PrintOrder
from .resources import Resource, Tag

__all__ = ["HandbookChapter", "HandbookRender", "PrintOrder", "Resource", "Tag"]
