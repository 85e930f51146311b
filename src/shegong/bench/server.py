"""A threaded stdlib WSGI server for the bench's concurrency measurement (``python -m shegong.bench.server``).

Serves ``shegong.wsgi`` quietly on 127.0.0.1; with ``SHEGONG_BENCH_ROOT`` set it applies the policy
documents to that division as the bench process does (``measure.policy_applied_to``).
"""

import argparse
import os
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 64


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    env = os.environ.setdefault("SHEGONG_ENV", "dev")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"shegong.settings.{env}")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    root = os.environ.get("SHEGONG_BENCH_ROOT")
    if root is not None:
        from .measure import policy_applied_to

        policy_applied_to(root).__enter__()  # for the life of this process
    httpd = make_server(
        "127.0.0.1", args.port, application, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    httpd.serve_forever()


if __name__ == "__main__":
    main()
