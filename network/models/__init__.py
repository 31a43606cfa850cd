"""The network app's models, one module per concern, re-exported here so that
``from network.models import X`` works for every one of them."""

from .directory import DirectoryEntry
from .feedback import FeedbackAnswer, FeedbackPage
from .handbook import HandbookChapter, HandbookRender, PrintOrder
from .news import NewsItem, PersonalFeed
from .resources import Resource, Tag
from .visits import LastVisit

__all__ = [
    "DirectoryEntry",
    "FeedbackAnswer",
    "FeedbackPage",
    "HandbookChapter",
    "HandbookRender",
    "LastVisit",
    "NewsItem",
    "PersonalFeed",
    "PrintOrder",
    "Resource",
    "Tag",
]
