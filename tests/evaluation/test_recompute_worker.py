"""Events recompute the score through a real Celery worker and Redis, bursts folded into one."""

import pytest
import redis

from evaluation.models import TrustScore
from evaluation.services.ratings import rating_save
from ngo20.celery import app
from tests.orgs.factories import OrganizationFactory, UserFactory
from tests.worker import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = {"public_trust": 4, "financial": 4, "influence": 4}


def test_a_burst_of_ratings_queues_one_recompute(settings):
    settings.TRUST_RECOMPUTE_DELAY = 60
    broker = redis.Redis.from_url(app.conf.broker_url)
    broker.delete("celery")
    organization = OrganizationFactory()
    for _ in range(3):
        rating_save(user=UserFactory(), organization=organization, scores=GOOD)
    assert broker.llen("celery") == 1
    broker.delete("celery")


def test_a_rating_updates_the_score_within_seconds(settings, celery_worker):
    settings.TRUST_RECOMPUTE_DELAY = 1
    organization = OrganizationFactory()
    rating_save(user=UserFactory(), organization=organization, scores=GOOD)
    assert wait_for(lambda: TrustScore.objects.filter(organization=organization).exists())
    assert TrustScore.objects.get(organization=organization).evidence["ratings"]["count"] == 1
