"""Side effects after the commit: the one way a write queues Celery work (emails, recomputes).

A service calls `on_commit_delay(task, ...)` inside its transaction; the task is queued only once
the transaction commits, so a rolled-back write sends nothing and a worker never looks for rows
that are not committed yet. Nothing sends mail or calls out inside a web request: the worker does.
"""

from django.db import transaction

from .outbox import queue_now_or_later


def on_commit_delay(task, *args, **kwargs):
    """Queue the Celery `task` with these arguments once the current transaction commits (at once
    when there is no transaction). Pass ids, not model instances: the task re-fetches. If the broker
    is down then, the task waits in the outbox (common.outbox) and the write still stands."""
    transaction.on_commit(lambda: queue_now_or_later(task, args, kwargs))
