"""The network app's forms, one module per concern."""

from .events import EmailRegisteredForm, EventAdminForm, RegistrationForm
from .examples import CommentForm, GoodExampleForm, SendBackForm, ThemeFilterForm
from .groups import GroupMemberForm
from .handbook import PrintOrderForm
from .news import NewsItemForm
from .resources import ResourceForm

__all__ = [
    "CommentForm",
    "EmailRegisteredForm",
    "EventAdminForm",
    "GoodExampleForm",
    "GroupMemberForm",
    "NewsItemForm",
    "PrintOrderForm",
    "RegistrationForm",
    "ResourceForm",
    "SendBackForm",
    "ThemeFilterForm",
]
