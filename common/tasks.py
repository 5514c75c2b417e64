"""Celery tasks of the floor: thin wrappers around common's functions."""

from celery import shared_task

from .outbox import outbox_flush


@shared_task
def flush_outbox():
    """Queue the tasks that waited in the outbox while the broker was down."""
    return outbox_flush()
