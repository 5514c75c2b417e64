"""Celery tasks of the map: thin wrappers around services, safe to run twice."""

import datetime
from smtplib import SMTPException

from celery import shared_task

from .services.digests import digest_send, digests_run, period_cutoff
from .services.notifications import (
    match_decided_notify,
    match_proposed_notify,
    post_expired_notify,
)
from .services.opendata import open_data_publish
from .services.posts import posts_close_expired
from .services.pyramid import map_pyramid_refresh

RETRY = {"autoretry_for": (SMTPException, ConnectionError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def notify_match_proposed(match_id):
    return match_proposed_notify(match_id=match_id)


@shared_task(**RETRY)
def notify_match_decided(match_id):
    return match_decided_notify(match_id=match_id)


@shared_task(**RETRY)
def notify_post_expired(post_id):
    return post_expired_notify(post_id=post_id)


@shared_task
def close_expired_posts():
    """Daily (Celery beat): close posts past their date and tell their owners."""
    closed = posts_close_expired()
    for post_id in closed:
        notify_post_expired.delay(post_id)
    return len(closed)


@shared_task
def refresh_map_pyramid():
    """Every 30 s (Celery beat): rebuild the map's cluster pyramid for the layers that changed."""
    return map_pyramid_refresh()


@shared_task
def publish_open_data():
    """Nightly (Celery beat): write the open datasets again; unchanged files stay as they are."""
    return open_data_publish()


@shared_task
def send_area_digests(frequency, cutoff=None):
    """Daily or weekly (Celery beat): digests of what is new in the areas people follow. Bounded:
    when subscriptions remain after the run's batches, the task queues itself for the rest."""
    cutoff = datetime.datetime.fromisoformat(cutoff) if cutoff else period_cutoff(frequency)
    result = digests_run(frequency=frequency, cutoff=cutoff)
    if result["more"]:
        send_area_digests.delay(frequency, cutoff.isoformat())
    return result


@shared_task(**RETRY)
def send_area_digest(digest_id):
    """One digest's email, once by its key whatever the retries."""
    return digest_send(digest_id=digest_id)
