"""Celery tasks of the trainings app: thin wrappers around services, safe to run twice."""

from smtplib import SMTPException

from celery import shared_task

from .services.notifications import application_decision_notify, speaker_invitation_notify

RETRY = {"autoretry_for": (SMTPException, ConnectionError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_application_decision(application_id, status):
    return application_decision_notify(application_id=application_id, status=status)


@shared_task(**RETRY)
def send_speaker_invitation(invitation_id):
    return speaker_invitation_notify(invitation_id=invitation_id)
