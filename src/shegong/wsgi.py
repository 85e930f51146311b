"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"shegong.settings.{os.environ.get('SHEGONG_ENV', 'dev')}")
application = get_wsgi_application()
