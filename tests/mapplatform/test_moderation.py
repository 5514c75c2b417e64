"""Suggestions with duplicate detection, flags, moderators hiding and restoring, the rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError

from mapplatform.models import Flag, Suggestion
from mapplatform.services.moderation import (
    flag_create,
    flag_resolve,
    possible_duplicates,
    post_set_hidden,
    suggestion_create,
    suggestion_publish,
)
from orgs.models import Organization
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import PostFactory

pytestmark = pytest.mark.django_db

CHENGDU = Point(104.07, 30.66, srid=4326)


@pytest.fixture
def moderator():
    return UserFactory(groups=["moderators"])


def test_suggestion_enters_the_queue_with_its_province():
    suggestion = suggestion_create(user=UserFactory(), data={"name": "成都自然之友", "kind": "ngo", "location": CHENGDU})
    assert (suggestion.status, suggestion.province_id) == ("pending", "510000")


def test_unverified_users_cannot_suggest():
    with pytest.raises(PermissionDenied):
        suggestion_create(user=UserFactory(verified=False), data={"name": "x", "kind": "ngo", "location": CHENGDU})


def test_duplicates_are_similar_names_nearby_or_the_same_name_anywhere():
    near_similar = OrganizationFactory(name="成都自然之友协会")
    OrganizationFactory(name="完全不同的机构")
    far_same = OrganizationFactory(name="成都自然之友", province_id="110000", city=None, county=None,
                                   location=Point(116.4, 39.9, srid=4326))
    far_similar = OrganizationFactory(name="成都自然之友会", province_id="110000", city=None, county=None,
                                      location=Point(116.4, 39.9, srid=4326))
    suggestion = suggestion_create(user=UserFactory(), data={"name": "成都自然之友", "kind": "ngo", "location": CHENGDU})
    found = possible_duplicates(suggestion=suggestion)
    assert set(found) == {near_similar, far_same}
    assert far_similar not in found


def test_publishing_creates_a_claimable_organization(moderator):
    suggestion = suggestion_create(user=UserFactory(), data={"name": "雅安熊猫守护队", "kind": "ngo", "location": Point(103.0, 29.98, srid=4326)})
    organization = suggestion_publish(suggestion=suggestion, user=moderator)
    assert organization.status == "published" and organization.province_id == "510000"
    assert not organization.memberships.exists()
    with pytest.raises(ValidationError, match="already reviewed"):
        suggestion_publish(suggestion=suggestion, user=moderator)
    with pytest.raises(PermissionDenied):
        suggestion_publish(suggestion=Suggestion.objects.create(
            name="x", kind="ngo", location=CHENGDU, province_id="510000"), user=UserFactory())


def test_a_person_flags_an_item_once():
    post = PostFactory()
    user = UserFactory()
    flag_create(user=user, reason="spam", post=post)
    with pytest.raises(ValidationError, match="already flagged"):
        flag_create(user=user, reason="fraud", post=post)
    with pytest.raises(PermissionDenied):
        flag_create(user=UserFactory(verified=False), reason="spam", post=post)
    assert Flag.objects.count() == 1


def test_hiding_a_flagged_post_keeps_it_and_settles_every_flag(moderator, client):
    post = PostFactory(title="可疑的帖子")
    flags = [flag_create(user=UserFactory(), reason="spam", post=post) for _ in range(2)]
    flag_resolve(flag=flags[0], user=moderator, hide=True, note="广告")
    post.refresh_from_db()
    assert post.hidden_reason == "广告"
    assert set(Flag.objects.values_list("status", flat=True)) == {"hidden"}
    assert client.get(post.get_absolute_url()).status_code == 404
    assert client.get("/api/map/features/?layer=posts&bbox=103,30,105,31&zoom=13").json()["features"] == []
    post_set_hidden(post=post, user=moderator, hidden=False)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert post.history.count() >= 3  # hiding and restoring are recorded


def test_hiding_a_flagged_organization_uses_its_moderation_status(moderator):
    organization = OrganizationFactory()
    flag = flag_create(user=UserFactory(), reason="false", organization=organization)
    flag_resolve(flag=flag, user=moderator, hide=True, note="虚假信息")
    organization.refresh_from_db()
    assert (organization.status, organization.status_reason) == ("hidden", "虚假信息")


def test_dismissing_leaves_the_item_alone(moderator):
    post = PostFactory()
    flag = flag_create(user=UserFactory(), reason="other", post=post)
    flag_resolve(flag=flag, user=moderator, hide=False, note="没有问题")
    post.refresh_from_db()
    assert post.hidden_reason == "" and Flag.objects.get().status == "dismissed"


def test_members_cannot_hide_posts():
    post = PostFactory()
    with pytest.raises(PermissionDenied):
        post_set_hidden(post=post, user=MembershipFactory(organization=post.organization).user, hidden=True,
                        reason="x")


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", {"post_as_individual": False, "suggest_organization": False, "flag": False, "moderate": False,
                       "edit_post": False, "post_for_organization": False}),
        ("unverified", {"post_as_individual": False, "suggest_organization": False, "flag": False, "moderate": False,
                        "edit_post": False, "post_for_organization": False}),
        ("registered", {"post_as_individual": True, "suggest_organization": True, "flag": True, "moderate": False,
                        "edit_post": False, "post_for_organization": False}),
        ("member", {"post_as_individual": True, "suggest_organization": True, "flag": True, "moderate": False,
                    "edit_post": True, "post_for_organization": True}),
        ("moderator", {"post_as_individual": True, "suggest_organization": True, "flag": True, "moderate": True,
                       "edit_post": False, "post_for_organization": False}),
    ],
)
def test_map_permission_matrix(role, expected):
    post = PostFactory()
    organization = post.organization
    user = {
        "anonymous": lambda: AnonymousUser(),
        "unverified": lambda: UserFactory(verified=False),
        "registered": lambda: UserFactory(),
        "member": lambda: MembershipFactory(organization=organization).user,
        "moderator": lambda: UserFactory(groups=["moderators"]),
    }[role]()
    objects = {"edit_post": post, "post_for_organization": organization}
    actual = {action: user.has_perm(f"mapplatform.{action}", objects.get(action)) for action in expected}
    assert actual == expected


def test_suggesting_and_flagging_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "suggestion_create": "1/h", "flag_create": "1/h"}
    client.force_login(UserFactory())
    form = {"name": "新机构", "kind": "ngo", "longitude": "104.07", "latitude": "30.66"}
    assert client.post("/en/suggest/", form).status_code == 302
    assert client.post("/en/suggest/", {**form, "name": "又一个"}).status_code == 429
    assert Suggestion.objects.count() == 1
    first, second = PostFactory(), PostFactory()
    assert client.post(f"/en/flag/post/{first.pk}/", {"reason": "spam"}).status_code == 302
    assert client.post(f"/en/flag/post/{second.pk}/", {"reason": "spam"}).status_code == 429
    assert Organization.objects.exists() and Flag.objects.count() == 1


def test_moderators_work_in_the_admin(client, moderator):
    moderator.is_staff = True
    moderator.save()
    client.force_login(moderator)
    post = PostFactory()
    flag = flag_create(user=UserFactory(), reason="spam", post=post)
    assert client.get("/en/admin/mapplatform/flag/").status_code == 200
    client.post("/en/admin/mapplatform/flag/", {"action": "hide_items", "_selected_action": [flag.pk],
                                                "apply": "1", "note": "广告"})
    post.refresh_from_db()
    assert post.hidden_reason == "广告"
    suggestion = suggestion_create(user=UserFactory(), data={"name": "成都机构", "kind": "ngo", "location": CHENGDU})
    OrganizationFactory(name="成都机构")
    page = client.get(f"/en/admin/mapplatform/suggestion/{suggestion.pk}/change/").content.decode()
    assert "Possible duplicates" in page and "成都机构" in page
