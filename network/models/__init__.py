"""The network app's models, one module per concern, re-exported here so that
``from network.models import X`` works for every one of them."""

from .examples import GoodExample, GoodExampleComment, GoodExampleImage, SavedExample
from .handbook import HandbookChapter, HandbookRender, PrintOrder
from .monitoring import MonitoringFeed, MonitoringItem
from .themes import Theme

__all__ = [
    "GoodExample",
    "GoodExampleComment",
    "GoodExampleImage",
    "HandbookChapter",
    "HandbookRender",
    "MonitoringFeed",
    "MonitoringItem",
    "PrintOrder",
    "SavedExample",
    "Theme",
]
