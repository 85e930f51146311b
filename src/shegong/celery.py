"""The Celery application for production background work (issue 11).

Start a worker with ``celery -A shegong.celery worker``; the broker comes from ``CELERY_BROKER_URL``
(Redis, Debian's ``redis-server``). Jobs are submitted through :func:`shegong.reports.jobs.submit`
when ``SHEGONG_JOB_RUNNER=celery``; their state lives in the database, not in a result backend.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"shegong.settings.{os.environ.get('SHEGONG_ENV', 'dev')}")

app = Celery("shegong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["shegong.reports"])
