"""Signal receivers: each only calls a service (the logic lives in services.py)."""

from __future__ import annotations

import time

from . import services


def end_other_sessions(sender, request, user, **kwargs) -> None:
    keep = request.session.session_key if hasattr(request, "session") else None
    services.sessions_end(user=user, keep_session_key=keep)


def end_all_sessions(sender, request, user, **kwargs) -> None:
    services.sessions_end(user=user)


def list_session(sender, request, user, **kwargs) -> None:
    from .middleware import SessionActivityMiddleware, session_seen

    if getattr(request, "session", None) is None:
        return
    if not request.META.get("REMOTE_ADDR"):
        # A login outside a web request (the test client's force_login) has no browser to
        # list; the next update comes after the usual interval.
        request.session[SessionActivityMiddleware.SEEN_KEY] = int(time.time())
        return
    if not request.session.session_key:
        request.session.save()
    session_seen(request)
