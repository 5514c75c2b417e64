"""Queue a Celery task without losing it when the broker is down (used by common.transactions).

An action that committed (accepting a match, say) is done: if its notification cannot be queued
because Redis is down, the request still reports success and the task waits in the outbox table
(common.models.OutboxTask) until `outbox_flush` (Celery beat, every minute) queues it.
"""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from .models import OutboxTask

logger = logging.getLogger(__name__)

# What a broker outage raises from apply_async: kombu's OperationalError, redis-py's errors, or
# the socket's own.
BROKER_ERRORS = (KombuError, RedisError, OSError)


def _send(task, args, kwargs, options=None):
    if isinstance(task, str):
        task = current_app.tasks.get(task) or task
    if isinstance(task, str):
        current_app.send_task(task, args=args, kwargs=kwargs, **(options or {}))
    elif options:
        task.apply_async(args=args, kwargs=kwargs, **options)
    else:
        task.delay(*args, **kwargs)


def queue_now_or_later(task, args=(), kwargs=None, **options):
    """task.apply_async(args, kwargs, **options) now; if the broker is down, keep the task in the
    outbox (without its options: a countdown is moot by then). Returns True if queued."""
    name = getattr(task, "name", task)
    kwargs = kwargs or {}
    try:
        _send(task, list(args), kwargs, options)
    except BROKER_ERRORS as exc:
        logger.warning("Broker unavailable, %s kept in the outbox: %s", name, exc)
        OutboxTask.objects.create(task=name, args=list(args), kwargs=kwargs, error=str(exc)[:500])
        return False
    return True


def outbox_flush(*, limit=500):
    """Queue what the outbox holds, oldest first; stop at the first broker error. Returns how many
    were queued."""
    sent = 0
    with transaction.atomic():
        for row in OutboxTask.objects.select_for_update(skip_locked=True).order_by("pk")[:limit]:
            try:
                _send(row.task, row.args, row.kwargs)
            except BROKER_ERRORS as exc:
                row.attempts += 1
                row.error = str(exc)[:500]
                row.save(update_fields=["attempts", "error"])
                break
            row.delete()
            sent += 1
    return sent
