"""A claim's email goes through a real Celery worker and Redis, after the commit."""

import time

import pytest
from django.core import mail

from common.models import SentEmail
from orgs.services.membership import membership_claim, membership_decide

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout=15.0):
    """Poll until the worker has done its part, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_claim_and_decision_emails_are_sent_by_the_worker(celery_worker):
    organization = OrganizationFactory()
    owner = MembershipFactory(organization=organization, role="owner").user
    claimant = UserFactory()

    membership = membership_claim(organization=organization, user=claimant, message="志愿者")
    assert wait_for(lambda: SentEmail.objects.filter(sent_at__isnull=False).count() == 1)
    assert mail.outbox[0].to == [owner.email]

    membership_decide(membership=membership, user=owner, approve=True)
    assert wait_for(lambda: SentEmail.objects.filter(sent_at__isnull=False).count() == 2)
    assert mail.outbox[1].to == [claimant.email]
    assert len(mail.outbox) == 2
