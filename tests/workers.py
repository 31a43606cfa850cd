"""Each worker of a parallel run (pytest-xdist, ``make test`` starts one per core) gets a Redis
database of its own, as pytest-django gives each a PostgreSQL database of its own
(test_portal_gw0, test_portal_gw1, …): the cache, the page cache's data version and the
Celery broker of one worker never see another's keys.

This is a plugin (``-p tests.workers`` in pyproject.toml), not a conftest: pytest-django reads
the settings, REDIS_URL with them, before any conftest is imported. A worker's environment
says which worker it is (PYTEST_XDIST_WORKER=gw0, gw1, …) before the plugins load.

Databases 7 and 8 belong to the tests that start their own Celery workers and beat
(tests/test_services.py and tests/notifications/test_exactly_once.py); each of those files runs
on one worker, so they never share them either.
"""

from __future__ import annotations

import os
import re
import urllib.parse

RESERVED = {7, 8}


def database_of(worker: str) -> int:
    """gw0 → 0, gw1 → 1, … skipping the databases reserved above (Redis has 16: 0–15)."""
    index = int(re.fullmatch(r"gw(\d+)", worker).group(1))
    free = [n for n in range(16) if n not in RESERVED]
    if index >= len(free):
        raise RuntimeError(f"{worker}: at most {len(free)} workers share one Redis")
    return free[index]


def _own_redis_database() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    for name in ("REDIS_URL", "CACHE_URL"):
        if os.environ.get(name):
            parts = urllib.parse.urlsplit(os.environ[name])
            os.environ[name] = parts._replace(path=f"/{database_of(worker)}").geturl()


_own_redis_database()
