""" "Was this page useful?": the page's signed identity, the answer, its limits.

- The widget signs (kind, key, title, path) with the secret key (``page_token``), so an answer
  names only a page the portal showed: no made-up pages or titles reach the admin.
- One answer per page per browser session: the session keeps the pages answered
  (``SESSION_KEY``); a second answer is refused with a message.
- At most RATE per client IP address, counted in the shared cache (Redis in production) by
  django-allauth's rate limiter – the one that counts failed logins – with a rate of our own.
  Only valid answers count: an answer refused for its content costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest

from ..models import FeedbackAnswer, FeedbackPage

SESSION_KEY = "feedback_answered"
SALT = "network.feedback.page"
# Answers per client IP address: a school class on one network may answer a few pages each,
# a script may not fill the admin.
RATE = "20/1h/ip"
RATE_ACTION = "page_feedback"


@dataclass(frozen=True)
class FeedbackTarget:
    kind: str
    key: str
    title: str
    path: str

    @property
    def session_id(self) -> str:
        return f"{self.kind}:{self.key}"


def page_token(*, kind: str, key: object, title: str, path: str) -> str:
    if kind not in FeedbackPage.Kind.values:
        raise ValueError(f"unknown kind of page for feedback: {kind!r}")
    return signing.dumps([kind, str(key)[:200], str(title)[:300], path[:500]], salt=SALT)


def page_from_token(token: str) -> FeedbackTarget | None:
    try:
        kind, key, title, path = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in FeedbackPage.Kind.values:
        return None
    return FeedbackTarget(kind=kind, key=key, title=title, path=path)


def already_answered(request: HttpRequest, target: FeedbackTarget) -> bool:
    return target.session_id in request.session.get(SESSION_KEY, [])


def rate_limit_consume(request: HttpRequest) -> bool:
    """True when this client may give one more answer now (and counts it)."""
    usage = ratelimit.consume(
        request, app="network.feedback", action=RATE_ACTION, config={RATE_ACTION: RATE}
    )
    return usage is not None


@transaction.atomic
def feedback_give(
    *, request: HttpRequest, target: FeedbackTarget, useful: bool, comment: str, language: str
) -> FeedbackAnswer:
    page, created = FeedbackPage.objects.get_or_create(
        kind=target.kind,
        key=target.key,
        defaults={"title": target.title, "path": target.path},
    )
    shown_in_default_language = language[:2] == settings.LANGUAGE_CODE[:2]
    if (
        not created
        and shown_in_default_language
        and (page.title, page.path)
        != (
            target.title,
            target.path,
        )
    ):
        # The latest Swedish title and address (an English answer counts for the same page).
        page.title, page.path = target.title, target.path
        page.save(update_fields=["title", "path"])
    answer = FeedbackAnswer.objects.create(
        page=page, useful=useful, comment=comment.strip(), language=language[:8]
    )
    answered = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*answered, target.session_id][-200:]
    return answer
