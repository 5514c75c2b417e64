"""Posting needs and offers: who may, where, until when; nothing half-saved."""

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mapplatform.models import ResourcePost
from mapplatform.services.posts import (
    post_close,
    post_create,
    post_update,
    posts_close_expired,
)
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {"kind": "need", "resource_type": "goods", "title": "需要电脑",
              "expires_on": timezone.localdate() + datetime.timedelta(days=30)}
    values.update(overrides)
    return values


@pytest.fixture
def member():
    membership = MembershipFactory()
    return membership.user, membership.organization


def test_member_posts_a_need_at_the_organizations_point(member):
    user, organization = member
    post = post_create(user=user, organization=organization, data=data())
    assert post.location.equals(organization.location) and post.province_id == "510000"
    assert set(post.issue_fields.all()) == set(organization.issue_fields.all())
    assert post.history.count() == 1


def test_point_sets_the_province(member):
    user, organization = member
    post = post_create(user=user, organization=organization, data=data(location=Point(102.71, 25.04, srid=4326)))
    assert post.province_id == "530000"  # 昆明


@pytest.mark.parametrize(
    "location, message",
    [
        (Point(200, 30, srid=4326), "not valid"),
        (Point(2.35, 48.85, srid=4326), "must be in China"),
    ],
)
def test_bad_points_are_refused(member, location, message):
    user, organization = member
    with pytest.raises(ValidationError, match=message):
        post_create(user=user, organization=organization, data=data(location=location))
    assert not ResourcePost.objects.exists()


def test_expiry_in_the_past_or_too_far_is_refused(member):
    user, organization = member
    with pytest.raises(ValidationError, match="past"):
        post_create(user=user, organization=organization,
                    data=data(expires_on=timezone.localdate() - datetime.timedelta(days=1)))
    with pytest.raises(ValidationError, match="at most a year"):
        post_create(user=user, organization=organization,
                    data=data(expires_on=timezone.localdate() + datetime.timedelta(days=400)))
    assert not ResourcePost.objects.exists()


def test_individual_may_offer_goods_or_volunteering_only():
    user = UserFactory()
    offer = post_create(user=user, organization=None,
                        data=data(kind="offer", resource_type="volunteers", location=Point(104.07, 30.67, srid=4326)))
    assert offer.organization is None and offer.author == user
    with pytest.raises(ValidationError, match="In your own name"):
        post_create(user=user, organization=None, data=data(location=Point(104.07, 30.67, srid=4326)))


def test_database_refuses_an_individual_need():
    from django.db import IntegrityError

    post = PostFactory()
    with pytest.raises(IntegrityError):
        ResourcePost.objects.filter(pk=post.pk).update(organization=None)


def test_non_members_unverified_and_unpublished_cannot_post():
    organization = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        post_create(user=UserFactory(), organization=organization, data=data())
    unverified = UserFactory(verified=False)
    MembershipFactory(user=unverified, organization=organization)
    with pytest.raises(PermissionDenied):
        post_create(user=unverified, organization=organization, data=data())
    draft = OrganizationFactory(status="draft")
    owner = MembershipFactory(organization=draft).user
    with pytest.raises(ValidationError, match="published"):
        post_create(user=owner, organization=draft, data=data())


def test_editing_another_organizations_post_is_refused(member):
    user, _ = member
    other = PostFactory(title="别人的需求")
    with pytest.raises(PermissionDenied):
        post_update(post=other, user=user, data={"title": "改掉"})
    assert ResourcePost.objects.get(pk=other.pk).title == "别人的需求"


def test_moving_a_post_to_the_wrong_side_of_a_province_border(member):
    user, organization = member
    post = post_create(user=user, organization=organization, data=data())
    moved = post_update(post=post, user=user, data={"location": Point(106.55, 29.56, srid=4326)})  # 重庆
    assert moved.province_id == "500000"


def test_closing_and_expiry(member):
    user, organization = member
    post = post_create(user=user, organization=organization, data=data())
    old = PostFactory(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert posts_close_expired() == [old.pk]
    assert posts_close_expired() == []
    assert ResourcePost.objects.get(pk=old.pk).status == "closed"
    post_close(post=post, user=user)
    assert ResourcePost.objects.get(pk=post.pk).status == "closed"
    with pytest.raises(ValidationError, match="cannot be changed"):
        post_update(post=post, user=user, data={"title": "x"})


def test_expired_post_owners_are_told_once(member):
    from django.core import mail

    from mapplatform.services.notifications import post_expired_notify

    user, organization = member
    post = PostFactory(organization=organization, author=user)
    assert post_expired_notify(post_id=post.pk) == 1
    assert post_expired_notify(post_id=post.pk) == 0
    assert mail.outbox[0].to == [user.email]


def test_beat_task_closes_and_queues_emails(monkeypatch, member):
    from django.core import mail

    from mapplatform.tasks import close_expired_posts
    from ngo20.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    user, organization = member
    PostFactory(organization=organization, author=user, expires_on=timezone.localdate() - datetime.timedelta(days=2))
    assert close_expired_posts() == 1
    assert len(mail.outbox) == 1


def test_post_pages_escape_and_bad_form_input(client, member):
    user, organization = member
    client.force_login(user)
    response = client.post("/en/posts/new/", {
        "organization": organization.slug, "kind": "need", "resource_type": "goods",
        "title": "<script>alert(1)</script>", "expires_on": "2000-01-01", "longitude": "500", "latitude": "30",
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert "HTML tags" in body and "less than or equal to 180" in body
    assert not ResourcePost.objects.exists()


def test_posting_is_rate_limited(client, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post_create": "1/h"}
    user, organization = member
    client.force_login(user)
    form = {"organization": organization.slug, "kind": "need", "resource_type": "goods", "title": "需要",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=9)).isoformat()}
    assert client.post("/en/posts/new/", form).status_code == 302
    assert client.post("/en/posts/new/", form).status_code == 429
    assert ResourcePost.objects.count() == 1
