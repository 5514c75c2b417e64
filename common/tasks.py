"""Celery tasks of the floor: thin wrappers around common's functions."""

from celery import shared_task

from .emails import email_send_once
from .outbox import outbox_flush


@shared_task
def flush_outbox():
    """Queue the tasks that waited in the outbox while the broker was down."""
    return outbox_flush()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_email_once(*, key, to, subject, body, headers=None):
    """An email a service composed in the request, sent by the worker once per key, whatever the
    retries (common.emails.email_send_once): SMTP never runs inside a web request."""
    return email_send_once(key=key, to=to, subject=subject, body=body, headers=headers)
