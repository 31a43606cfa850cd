"""The network app's models, one module per concern, re-exported here so that
``from network.models import X`` works for every one of them."""

from .directory import DirectoryEntry
from .discussions import DiscussionChoice, Follow, Post, Thread, Topic
from .events import Event, Registration
from .examples import GoodExample, GoodExampleComment, GoodExampleImage, SavedExample
from .feedback import FeedbackAnswer, FeedbackPage
from .groups import Group, GroupMembership
from .handbook import HandbookChapter, HandbookRender, PrintOrder
from .monitoring import MonitoringFeed, MonitoringItem
from .news import NewsItem, PersonalFeed
from .resources import Resource, Tag
from .themes import Theme
from .visits import LastVisit

__all__ = [
    "DirectoryEntry",
    "Event",
    "DiscussionChoice",
    "Follow",
    "FeedbackAnswer",
    "FeedbackPage",
    "GoodExample",
    "GoodExampleComment",
    "GoodExampleImage",
    "Group",
    "GroupMembership",
    "HandbookChapter",
    "HandbookRender",
    "LastVisit",
    "MonitoringFeed",
    "MonitoringItem",
    "NewsItem",
    "PersonalFeed",
    "Post",
    "PrintOrder",
    "Registration",
    "Resource",
    "SavedExample",
    "Tag",
    "Theme",
    "Thread",
    "Topic",
]
