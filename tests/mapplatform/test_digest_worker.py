"""The digest task through a real Celery worker and Redis: queued twice (a retry, a second beat),
each subscription still gets one email."""

import pytest
from django.core import mail
from django.utils import timezone

from common.models import SentEmail
from mapplatform.models import Digest
from mapplatform.tasks import send_area_digests
from tests.mapplatform.factories import PostFactory, SubscriptionFactory
from tests.orgs.factories import OrganizationFactory
from tests.worker import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_digest_task_queued_twice_sends_each_subscriber_one_email(celery_worker):
    organization = OrganizationFactory()
    subscriptions = [SubscriptionFactory(organizations=False) for _ in range(3)]
    post = PostFactory(organization=organization)
    cutoff = timezone.now().isoformat()
    send_area_digests.delay("weekly", cutoff)
    send_area_digests.delay("weekly", cutoff)
    assert wait_for(lambda: SentEmail.objects.filter(sent_at__isnull=False).count() == 3)
    # The solo worker runs in queue order: both runs ended before the first email's task began, so
    # a second set of digests (the only source of a second email) would exist by now.
    assert Digest.objects.count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(s.user.email for s in subscriptions)
    assert all(post.title in message.body for message in mail.outbox)
