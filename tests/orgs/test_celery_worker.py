"""A claim's email goes through a real Celery worker and Redis, after the commit."""

import pytest
from django.core import mail

from common.models import SentEmail
from orgs.services.membership import membership_claim, membership_decide

from tests.worker import wait_for

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


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
