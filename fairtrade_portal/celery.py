"""The Celery app. Settings come from Django's settings with the ``CELERY_`` prefix.

The broker is Redis (``REDIS_URL``); without it (the quick start) it is kombu's filesystem
transport under ``var/celery/``, read by the worker ``make run`` starts. Queue tasks with
``task.delay_on_commit(...)`` so a worker never sees a primary key whose transaction has not
committed yet.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairtrade_portal.settings")

app = Celery("fairtrade_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
