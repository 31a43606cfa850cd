"""The network app's models, one module per concern, re-exported here so that
``from network.models import X`` works for every one of them."""

from .handbook import HandbookChapter, HandbookRender, PrintOrder
from .news import NewsItem, PersonalFeed
from .visits import LastVisit

__all__ = [
    "HandbookChapter",
    "HandbookRender",
    "LastVisit",
    "NewsItem",
    "PersonalFeed",
    "PrintOrder",
]
