"""The Celery app. Tasks live in each app's tasks.py and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngo20.settings")

app = Celery("ngo20")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
