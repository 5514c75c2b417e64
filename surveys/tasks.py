"""Celery tasks of the surveys app: thin wrappers around services, safe to run twice."""

from smtplib import SMTPException

from celery import shared_task

from .services.delivery import (
    invitation_send,
    reminder_send,
    reminders_due,
    surveys_close_expired,
)

RETRY = {"autoretry_for": (SMTPException, ConnectionError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_survey_invitation(invitation_id):
    return invitation_send(invitation_id=invitation_id)


@shared_task(**RETRY)
def send_survey_reminder(invitation_id, offset):
    return reminder_send(invitation_id=invitation_id, offset=offset)


@shared_task
def queue_survey_reminders():
    """Daily (Celery beat): close finished surveys, then queue the reminders due today."""
    surveys_close_expired()
    due = list(reminders_due())
    for invitation_id, offset in due:
        send_survey_reminder.delay(invitation_id, offset)
    return len(due)
