"""The network app's forms, one module per concern."""

from .examples import CommentForm, GoodExampleForm, SendBackForm, ThemeFilterForm
from .groups import GroupMemberForm
from .handbook import PrintOrderForm
from .news import NewsItemForm
from .resources import ResourceForm

__all__ = [
    "CommentForm",
    "GoodExampleForm",
    "GroupMemberForm",
    "NewsItemForm",
    "PrintOrderForm",
    "ResourceForm",
    "SendBackForm",
    "ThemeFilterForm",
]
