"""The network app's forms, one module per concern."""

from .examples import CommentForm, GoodExampleForm, SendBackForm, ThemeFilterForm
from .handbook import PrintOrderForm

__all__ = ["CommentForm", "GoodExampleForm", "PrintOrderForm", "SendBackForm", "ThemeFilterForm"]
