"""Moderators get one daily email of what waits in the moderation queues."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from ngo20.tasks import send_moderation_digest
from ngo20.digest import moderation_digest_send
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_moderator_gets_the_digest_once_a_day():
    first, second = UserFactory(groups=["moderators"]), UserFactory(groups=["moderators"])
    UserFactory()  # not a moderator
    OrganizationFactory(status="pending")
    OrganizationFactory(status="pending")
    assert send_moderation_digest() == 2
    assert send_moderation_digest() == 0  # the beat fired twice, or the task was redelivered
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])
    body = mail.outbox[0].body
    assert "等待审核的机构: 2" in body or "等待审核的机构：2" in body or "Organizations waiting for review: 2" in body
    assert "/admin/orgs/organization/?status__exact=pending" in body
    assert moderation_digest_send(day=datetime.date(2030, 1, 2)) == 2  # another day, another digest


def test_no_digest_when_nothing_waits():
    UserFactory(groups=["moderators"])
    assert moderation_digest_send() == 0
    assert mail.outbox == []


def test_the_digest_is_scheduled_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["moderation-digest"]
    assert entry["task"] == "ngo20.tasks.send_moderation_digest"
    assert entry["schedule"].hour == {8}
