"""WSGI entry point (gunicorn ngo20.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngo20.settings")
application = get_wsgi_application()
