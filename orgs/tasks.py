"""Celery tasks of the orgs app: thin wrappers around services, safe to run twice."""

from smtplib import SMTPException

from celery import shared_task

from .duplicates import organization_duplicates_record
from .imports.work import import_job_check, import_job_run
from .models import Organization
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


@shared_task
def detect_duplicates(organization_id):
    """Look for likely duplicates of a new organization (idempotent: a pair is stored once)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is not None:
        organization_duplicates_record(organization=organization)


@shared_task
def check_import(job_id):
    """The preview of an uploaded spreadsheet: every row checked, nothing written."""
    return import_job_check(job_id=job_id)


@shared_task
def run_import(job_id):
    """A confirmed import: the valid rows become organizations, in batches, with progress."""
    return import_job_run(job_id=job_id)
