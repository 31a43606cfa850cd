"""The network app's models, one module per concern, re-exported here so that
``from network.models import X`` works for every one of them."""

from .directory import DirectoryEntry
from .feedback import FeedbackAnswer, FeedbackPage
from .handbook import HandbookChapter, HandbookRender, PrintOrder
from .resources import Resource, Tag

__all__ = [
    "DirectoryEntry",
    "FeedbackAnswer",
    "FeedbackPage",
    "HandbookChapter",
    "HandbookRender",
    "PrintOrder",
    "Resource",
    "Tag",
]
