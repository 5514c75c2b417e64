"""Celery tasks of the orgs app: thin wrappers around services, safe to run twice."""

from smtplib import SMTPException

from celery import shared_task

from .services.notifications import (
    account_email_send,
    membership_claim_notify,
    membership_decision_notify,
    organization_status_notify,
)

RETRY = {"autoretry_for": (SMTPException, ConnectionError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def notify_membership_claim(membership_id):
    return membership_claim_notify(membership_id=membership_id)


@shared_task(**RETRY)
def notify_membership_decision(membership_id):
    return membership_decision_notify(membership_id=membership_id)


@shared_task(**RETRY)
def send_account_email(*, subject, body, from_email, to, html=None, body_is_html=False):
    """An allauth email (address confirmation, password reset) rendered in the request."""
    return account_email_send(subject=subject, body=body, from_email=from_email, to=to, html=html,
                              body_is_html=body_is_html)


@shared_task(**RETRY)
def notify_organization_status(organization_id, history_id):
    return organization_status_notify(organization_id=organization_id, history_id=history_id)
