"""Project package: settings, URLs, the Celery app. Knows every app, holds no business rules."""

from .celery import app as celery_app

__all__ = ["celery_app"]
