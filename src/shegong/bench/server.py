"""The WSGI application the bench serves through gunicorn for its concurrency measurement (issue 11).

``measure.measure_server`` starts ``gunicorn shegong.bench.server:application`` with one worker process per
core and a few threads each — the production layout of docs/operations.md — on 127.0.0.1. Each worker
imports this module after the fork; with ``SHEGONG_BENCH_ROOT`` set it applies the policy documents to that
division as the bench process does (``measure.policy_applied_to``).
"""

import os

env = os.environ.setdefault("SHEGONG_ENV", "dev")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"shegong.settings.{env}")

from django.core.wsgi import get_wsgi_application  # noqa: E402 - settings first

application = get_wsgi_application()

_root = os.environ.get("SHEGONG_BENCH_ROOT")
if _root is not None:
    from .measure import policy_applied_to

    policy_applied_to(_root).__enter__()  # for the life of this worker process
