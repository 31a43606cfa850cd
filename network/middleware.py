"""Notes when a logged-in person was last here, for "new since your last visit"."""

from __future__ import annotations

import time

# The row is written at most this often per session: a page view costs no query in between,
# and "last seen" needs no finer grain than the hour that separates two visits.
RECORD_EVERY_SECONDS = 5 * 60
SESSION_KEY = "network_visit"


class LastVisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.method in ("GET", "HEAD"):
            now = int(time.time())
            noted = request.session.get(SESSION_KEY)
            if not isinstance(noted, dict) or now - noted.get("at", 0) >= RECORD_EVERY_SECONDS:
                from .services.visits import visit_record

                visit = visit_record(user=user)
                noted = {"at": now, "since": visit.since.timestamp()}
                request.session[SESSION_KEY] = noted
            request.new_since = noted["since"]
        return self.get_response(request)
