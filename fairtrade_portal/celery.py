"""The Celery app. Settings come from Django's settings with the ``CELERY_`` prefix.

With no ``REDIS_URL`` (the quick start) ``CELERY_TASK_ALWAYS_EAGER`` is on and a task runs
in-process where it is queued. Queue tasks with ``task.delay_on_commit(...)`` so a worker never
sees a primary key whose transaction has not committed yet.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairtrade_portal.settings")

app = Celery("fairtrade_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
