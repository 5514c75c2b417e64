"""Project-wide Celery tasks (those that read several apps): thin wrappers around a function."""

from smtplib import SMTPException

from celery import shared_task

from .digest import moderation_digest_send


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_moderation_digest():
    return moderation_digest_send()
