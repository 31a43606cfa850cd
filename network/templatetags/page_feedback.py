"""The "Was this page useful?" widget's state: templates/network/feedback/_widget.html."""

from django import template

from ..forms.feedback import FeedbackForm
from ..services import feedback as service

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_widget(context, kind: str, key, title) -> dict:
    request = context["request"]
    target = service.FeedbackTarget(kind=kind, key=str(key), title=str(title), path=request.path)
    token = service.page_token(kind=kind, key=key, title=str(title), path=request.path)
    return {
        "answered": service.already_answered(request, target),
        "form": FeedbackForm(initial={"page": token}),
    }
