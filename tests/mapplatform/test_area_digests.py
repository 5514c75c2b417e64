"""Following an area: which new items reach which subscription, exactly once, and the email."""

import datetime
import re

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.models import SentEmail
from mapplatform.models import AreaSubscription, Digest, DigestEntry
from mapplatform.services.digests import (
    digest_batch,
    digest_send,
    digests_requeue_unsent,
    digests_run,
    period_cutoff,
)
from orgs.models import IssueField
from orgs.rules import MODERATORS
from orgs.services.organizations import organization_set_status
from tests.mapplatform.factories import PostFactory, SubscriptionFactory
from tests.orgs.factories import OrganizationFactory, UserFactory, division

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(monkeypatch, django_capture_on_commit_callbacks):
    """A digest run as the worker does it: the queued emails are sent after each batch's commit."""
    import mapplatform.tasks  # noqa: F401 (the worker knows the tasks by name; so must this process)
    from ngo20.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)

    def run_digests(frequency="weekly", cutoff=None, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return digests_run(frequency=frequency, cutoff=cutoff or timezone.now(), **options)

    return run_digests


def entries(subscription):
    return set(DigestEntry.objects.filter(subscription=subscription).values_list("post_id", "organization_id"))


def qingyang_org(**kwargs):
    return OrganizationFactory(county=division("510105"), location=division("510105").centroid, **kwargs)


@pytest.fixture
def orgs():
    """An organization in 锦江区 and one in 青羊区 (both 成都), there before anyone follows."""
    return OrganizationFactory(), qingyang_org()


def test_county_follower_gets_a_new_need_in_the_county_and_not_one_next_door(run, orgs):
    jinjiang, qingyang = orgs
    subscription = SubscriptionFactory()
    here = PostFactory(organization=jinjiang)
    PostFactory(organization=qingyang)  # same city, the next county
    run()
    assert entries(subscription) == {(here.pk, None)}
    assert len(mail.outbox) == 1
    assert here.title in mail.outbox[0].body


def test_city_and_province_followers_get_posts_of_every_county_below(run, orgs):
    city = SubscriptionFactory(division_id="510100")
    province = SubscriptionFactory(division_id="510000")
    beijing = SubscriptionFactory(division_id="110000")
    jinjiang, qingyang = PostFactory(organization=orgs[0]), PostFactory(organization=orgs[1])
    run()
    both = {(jinjiang.pk, None), (qingyang.pk, None)}
    assert entries(city) == both and entries(province) == both
    assert entries(beijing) == set()


def test_box_follower_gets_what_lies_inside_the_box_only(run, orgs):
    seat = division("510104").centroid
    box = SubscriptionFactory(division_id=None, box=Polygon.from_bbox((seat.x - 0.01, seat.y - 0.01,
                                                                      seat.x + 0.01, seat.y + 0.01)))
    inside = PostFactory(organization=orgs[0])
    PostFactory(organization=orgs[1])  # about 9 km away
    run()
    assert entries(box) == {(inside.pk, None)}


def test_issue_fields_narrow_posts_and_organizations(run, orgs):
    education, environment = IssueField.objects.order_by("position")[:2]
    subscription = SubscriptionFactory(issue_fields=[education])
    wanted = PostFactory(organization=orgs[0], issue_fields=[education, environment])
    PostFactory(organization=orgs[0], issue_fields=[environment])
    wanted_org = OrganizationFactory(issue_fields=[education])
    OrganizationFactory(issue_fields=[environment])
    run()
    assert entries(subscription) == {(wanted.pk, None), (None, wanted_org.pk)}


def test_resource_types_and_needs_only_narrow_what_is_followed(run):
    subscription = SubscriptionFactory(resource_types=["volunteers"], offers=False, organizations=False)
    wanted = PostFactory(resource_type="volunteers")
    PostFactory(resource_type="goods")
    PostFactory(resource_type="volunteers", kind="offer")
    OrganizationFactory()
    run()
    assert entries(subscription) == {(wanted.pk, None)}


def test_offers_only_follower_gets_no_needs(run):
    subscription = SubscriptionFactory(needs=False, organizations=False)
    offer = PostFactory(kind="offer")
    PostFactory(kind="need")
    run()
    assert entries(subscription) == {(offer.pk, None)}


def test_only_items_new_since_following_count_and_hidden_ones_never(run, orgs):
    jinjiang = orgs[0]
    PostFactory(organization=jinjiang)  # before following
    hidden_org = OrganizationFactory()
    subscription = SubscriptionFactory()
    PostFactory(organization=jinjiang, hidden_reason="spam")
    PostFactory(organization=jinjiang, status="closed")
    OrganizationFactory(status="draft")
    PostFactory(organization=hidden_org)
    hidden_org.status, hidden_org.status_reason = "hidden", "moderated"
    hidden_org.save()
    new = PostFactory(organization=jinjiang)
    run()
    assert entries(subscription) == {(new.pk, None)}


def test_an_organization_published_after_following_is_new_and_a_restored_one_is_not(run):
    moderator = UserFactory(groups=[MODERATORS])
    waiting = OrganizationFactory(status="pending")
    restored = OrganizationFactory()
    organization_set_status(organization=restored, user=moderator, status="hidden", reason="spam?")
    subscription = SubscriptionFactory()
    organization_set_status(organization=waiting, user=moderator, status="published")
    organization_set_status(organization=restored, user=moderator, status="published")
    run()
    assert entries(subscription) == {(None, waiting.pk)}


def test_a_persons_own_offer_lies_in_the_nearest_county_seat(run):
    jinjiang = SubscriptionFactory()
    qingyang = SubscriptionFactory(division_id="510105")
    seat = division("510105").centroid
    offer = PostFactory(organization=None, kind="offer", resource_type="volunteers",
                        location=Point(seat.x + 0.001, seat.y + 0.001, srid=4326), province_id="510000")
    run()
    assert entries(qingyang) == {(offer.pk, None)}
    assert entries(jinjiang) == set()


def test_each_item_is_sent_once_when_the_run_is_repeated_or_a_later_run_overlaps(run, orgs):
    subscription = SubscriptionFactory(organizations=False)
    first = PostFactory(organization=orgs[0])
    cutoff = timezone.now()
    assert run(cutoff=cutoff)["digests"] == 1
    assert run(cutoff=cutoff)["digests"] == 0  # the same run again (a retried task)
    AreaSubscription.objects.filter(pk=subscription.pk).update(checked_until=cutoff - datetime.timedelta(days=1))
    second = PostFactory(organization=orgs[0])
    run()  # a later run whose window overlaps the first: the first post is not sent again
    assert len(mail.outbox) == 2
    assert first.title in mail.outbox[0].body and first.title not in mail.outbox[1].body
    assert second.title in mail.outbox[1].body
    assert DigestEntry.objects.filter(subscription=subscription).count() == 2


def test_a_run_stopped_midway_and_retried_sends_each_subscription_one_digest(run):
    subscriptions = [SubscriptionFactory() for _ in range(3)]
    post = PostFactory()
    cutoff = timezone.now()
    result = run(cutoff=cutoff, batch_size=1, max_batches=1)  # the worker died after one batch
    assert result == {"subscriptions": 1, "digests": 1, "more": True}
    run(cutoff=cutoff, batch_size=1)  # the retry
    run(cutoff=cutoff)  # and once more for good measure
    assert sorted(message.to[0] for message in mail.outbox) == sorted(s.user.email for s in subscriptions)
    assert all(post.title in message.body for message in mail.outbox)


def test_a_digest_whose_email_failed_is_sent_once_by_the_retry_or_the_requeue(run, settings, monkeypatch):
    subscription = SubscriptionFactory()
    PostFactory()
    cutoff = timezone.now()
    with transaction.atomic():  # the batch commits, but its queued email is lost (worker died)
        digest_batch(frequency="weekly", cutoff=cutoff)
    digest = Digest.objects.get(subscription=subscription)
    assert mail.outbox == []
    later = timezone.now() + datetime.timedelta(minutes=20)
    from ngo20.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    assert digests_requeue_unsent(now=later) == 1
    assert digest_send(digest_id=digest.pk) == 1
    assert digest_send(digest_id=digest.pk) == 0  # the task retried after a lost acknowledgement
    assert digests_requeue_unsent(now=later) == 0
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get(key=digest.email_key).sent_at is not None


def test_the_database_refuses_the_same_item_twice_for_a_subscription():
    subscription = SubscriptionFactory()
    post = PostFactory()
    DigestEntry.objects.create(subscription=subscription, post=post)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestEntry.objects.create(subscription=subscription, post=post)


def test_weekly_and_daily_subscriptions_run_separately(run):
    daily = SubscriptionFactory(frequency="daily")
    weekly = SubscriptionFactory(frequency="weekly")
    PostFactory()
    run(frequency="daily")
    assert entries(daily) and not entries(weekly)


def test_period_cutoff_is_stable_within_the_day_and_week():
    morning = datetime.datetime(2026, 11, 25, 7, 0, tzinfo=datetime.UTC)  # a Wednesday
    evening = morning + datetime.timedelta(hours=10)
    assert period_cutoff("daily", morning) == period_cutoff("daily", morning + datetime.timedelta(hours=1))
    assert period_cutoff("weekly", morning) == period_cutoff("weekly", evening)
    assert timezone.localtime(period_cutoff("weekly", morning)).weekday() == 0


def test_the_email_lists_the_items_and_carries_a_working_unsubscribe_link(run, client):
    subscription = SubscriptionFactory()
    post = PostFactory(title="需要课桌椅")
    run()
    message = mail.outbox[0]
    assert message.to == [subscription.user.email]
    assert "锦江区" in message.subject
    assert "需要课桌椅" in message.body and f"/posts/{post.pk}/" in message.body
    link = re.search(r"https?://\S+/follow/unsubscribe/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert AreaSubscription.objects.filter(pk=subscription.pk).exists()  # a look does not unsubscribe
    response = client.post("/" + path)  # the button, or a mail program's one-click POST
    assert response.status_code == 200 and "锦江区" in response.content.decode()
    assert not AreaSubscription.objects.filter(pk=subscription.pk).exists()


def test_many_items_are_counted_not_all_listed(run, monkeypatch):
    monkeypatch.setattr("mapplatform.services.digests.SHOWN_PER_EMAIL", 2)
    SubscriptionFactory()
    organization = OrganizationFactory()
    for _ in range(4):
        PostFactory(organization=organization)
    run()
    assert "还有 3 条" in mail.outbox[0].body  # 4 posts and the new organization, 2 listed (in Chinese)


def test_an_inactive_user_gets_no_digest(run):
    subscription = SubscriptionFactory(user=UserFactory(is_active=False))
    PostFactory()
    run()
    assert mail.outbox == [] and Digest.objects.filter(subscription=subscription).exists()
