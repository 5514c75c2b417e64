"""Recompute right after an event, coalescing bursts."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from common.outbox import queue_now_or_later

from ..tasks import recompute_organization


def schedule_recompute(organization_id):
    """Queue one recompute of the organization after the commit. Events within
    settings.TRUST_RECOMPUTE_DELAY seconds for one organization are folded into that one."""
    delay = settings.TRUST_RECOMPUTE_DELAY

    def enqueue():
        if cache.add(f"trust:recompute:{organization_id}", 1, timeout=delay):
            queue_now_or_later(recompute_organization, [organization_id], countdown=delay)

    transaction.on_commit(enqueue)
