"""Following an area from the pages, the rules, the unsubscribe token and the map's feeds."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core import signing
from django.utils import timezone

from mapplatform.models import AreaSubscription
from mapplatform.models.subscriptions import MAX_SUBSCRIPTIONS_PER_USER
from mapplatform.services.subscriptions import (
    UNSUBSCRIBE_SALT,
    BadUnsubscribeToken,
    subscription_create,
    subscription_from_token,
    unsubscribe_token,
)
from orgs.models import Division, IssueField
from tests.mapplatform.factories import PostFactory, SubscriptionFactory
from tests.orgs.factories import OrganizationFactory, UserFactory, division

pytestmark = pytest.mark.django_db


def test_a_verified_user_follows_a_county_narrowed_by_field_and_resource(client):
    user = UserFactory()
    field = IssueField.objects.order_by("position").first()
    client.force_login(user)
    page = client.get("/en/follow/new/?province=510000&field=" + field.slug + "&resource_type=goods&post_kind=need")
    assert page.status_code == 200
    body = page.content.decode()
    assert re.search(r'<option value="510000"[^>]*selected', body)
    assert re.search(r'<input[^>]*value="goods"[^>]*checked', body)
    response = client.post("/en/follow/new/", {
        "province": "510000", "city": "510100", "county": "510104", "issue_fields": [field.pk],
        "resource_types": ["goods"], "needs": "on", "frequency": "daily",
    })
    assert response.status_code == 302
    subscription = AreaSubscription.objects.get(user=user)
    assert subscription.division_id == "510104" and subscription.box is None
    assert list(subscription.issue_fields.all()) == [field]
    assert subscription.resource_types == ["goods"]
    assert (subscription.needs, subscription.offers, subscription.organizations) == (True, False, False)
    listing = client.get("/en/follow/").content.decode()
    assert "锦江区" in listing or "Jinjiang" in listing


def test_following_the_visible_box_of_the_map(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/en/follow/new/?bbox=103.9,30.5,104.2,30.8")
    assert "The area shown on the map" in page.content.decode()
    client.post("/en/follow/new/", {"bbox": "103.9,30.5,104.2,30.8", "needs": "on", "offers": "on",
                                    "frequency": "weekly"})
    subscription = AreaSubscription.objects.get(user=user)
    assert subscription.division_id is None
    assert [round(value, 1) for value in subscription.box.extent] == [103.9, 30.5, 104.2, 30.8]


@pytest.mark.parametrize("data, message", [
    ({"frequency": "weekly", "needs": "on"}, "Choose a province, city or county"),
    ({"bbox": "104,31,103,30", "needs": "on", "frequency": "weekly"}, "West must be less than east"),
    ({"bbox": "0,-80,170,80", "needs": "on", "frequency": "weekly"}, "too large"),
    ({"province": "510000", "frequency": "weekly"}, "at least one of needs, offers"),
    ({"province": "999999", "needs": "on", "frequency": "weekly"}, "Select a valid choice"),
    ({"province": "510000", "needs": "on", "frequency": "hourly"}, "Select a valid choice"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, data, message):
    client.force_login(UserFactory())
    response = client.post("/en/follow/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AreaSubscription.objects.exists()


def test_an_unverified_user_cannot_follow(client):
    user = UserFactory(verified=False)
    with pytest.raises(PermissionDenied):
        subscription_create(user=user, data={"division": division("510104")})
    client.force_login(user)
    response = client.post("/en/follow/new/", {"province": "510000", "needs": "on", "frequency": "weekly"})
    assert "Verify your email address" in response.content.decode()
    assert not AreaSubscription.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/en/follow/new/?province=510000")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_number_of_subscriptions_is_bounded():
    user = UserFactory()
    for _ in range(MAX_SUBSCRIPTIONS_PER_USER):
        SubscriptionFactory(user=user)
    with pytest.raises(ValidationError, match="at most"):
        subscription_create(user=user, data={"division": division("510104")})


def test_only_the_owner_edits_or_deletes_a_subscription(client):
    subscription = SubscriptionFactory()
    client.force_login(UserFactory())
    assert client.get(f"/en/follow/{subscription.pk}/edit/").status_code == 403
    assert client.post(f"/en/follow/{subscription.pk}/delete/").status_code == 403
    assert AreaSubscription.objects.filter(pk=subscription.pk).exists()
    client.force_login(subscription.user)
    page = client.get(f"/en/follow/{subscription.pk}/edit/").content.decode()
    assert re.search(r'<option value="510104"[^>]*selected', page)
    response = client.post(f"/en/follow/{subscription.pk}/edit/", {
        "province": "110000", "offers": "on", "frequency": "daily"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.division_id, subscription.needs, subscription.frequency) == ("110000", False, "daily")
    assert client.post(f"/en/follow/{subscription.pk}/delete/").status_code == 302
    assert not AreaSubscription.objects.filter(pk=subscription.pk).exists()


def test_the_subscriptions_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    field = IssueField.objects.first()
    for code in ("510104", "510100", "510000", "110000"):
        SubscriptionFactory(user=user, division_id=code, issue_fields=[field])
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get("/en/follow/")
    assert response.content.decode().count('class="card"') == 4


# --- the unsubscribe token ---

def test_a_valid_token_names_its_subscription():
    subscription = SubscriptionFactory()
    assert subscription_from_token(unsubscribe_token(subscription)) == subscription


def test_an_expired_token_is_refused(settings, client):
    subscription = SubscriptionFactory()
    token = unsubscribe_token(subscription)
    settings.DIGEST_UNSUBSCRIBE_MAX_AGE = -1  # any age is too old
    with pytest.raises(BadUnsubscribeToken, match="expired"):
        subscription_from_token(token)
    response = client.post(f"/en/follow/unsubscribe/{token}/")
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert AreaSubscription.objects.filter(pk=subscription.pk).exists()


def test_a_tampered_token_is_refused(client):
    subscription = SubscriptionFactory()
    other = SubscriptionFactory()
    token = unsubscribe_token(subscription)
    payload, rest = token.split(":", 1)
    forged = signing.dumps([other.pk, other.user_id], salt="another-salt", compress=True)
    for bad in (unsubscribe_token(other)[:-2] + "xx", forged, payload + "A:" + rest, "nonsense"):
        response = client.post(f"/en/follow/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert AreaSubscription.objects.count() == 2
    assert UNSUBSCRIBE_SALT != "another-salt"


def test_a_token_used_twice_says_already_unsubscribed(client):
    subscription = SubscriptionFactory()
    token = unsubscribe_token(subscription)
    assert client.post(f"/en/follow/unsubscribe/{token}/").status_code == 200
    response = client.get(f"/en/follow/unsubscribe/{token}/")
    assert response.status_code == 200 and "already unsubscribed" in response.content.decode()


# --- feeds ---

def test_the_rss_feed_follows_the_map_filter(client):
    need = PostFactory(title="需要图书")
    offer = PostFactory(title="提供志愿者", kind="offer", resource_type="volunteers")
    beijing = OrganizationFactory(province=division("110000"), city=None, county=division("110101"),
                                  location=division("110101").centroid)
    elsewhere = PostFactory(title="北京的需求", organization=beijing)
    PostFactory(title="隐藏的需求", hidden_reason="spam")
    response = client.get("/en/map/feed/rss/?province=510000&post_kind=need")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    assert need.title in body
    assert offer.title not in body and elsewhere.title not in body and "隐藏的需求" not in body
    assert f"/posts/{need.pk}/" in body
    everything = client.get("/en/map/feed/rss/").content.decode()
    assert all(title in everything for title in (need.title, offer.title, elsewhere.title))
    assert "隐藏的需求" not in everything


def test_the_atom_feed_of_organizations_in_a_box(client):
    inside = OrganizationFactory(name="锦江区的机构")
    OrganizationFactory(name="北京的机构", province=division("110000"), city=None, county=division("110101"),
                        location=division("110101").centroid)
    seat = division("510104").centroid
    response = client.get(f"/en/map/feed/atom/?layer=orgs&bbox={seat.x - 1},{seat.y - 1},{seat.x + 1},{seat.y + 1}")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert inside.name in body and "北京的机构" not in body


def test_the_feed_is_bounded_and_newest_first(client, monkeypatch):
    monkeypatch.setattr("mapplatform.feeds.FEED_SIZE", 3)
    organization = OrganizationFactory()
    titles = [PostFactory(organization=organization, title=f"第{n}个需求").title for n in range(5)]
    body = client.get("/en/map/feed/rss/").content.decode()
    assert body.count("<item>") == 3
    assert body.index(titles[4]) < body.index(titles[3]) and titles[0] not in body


def test_a_bad_feed_filter_is_a_400_with_a_message(client):
    response = client.get("/en/map/feed/rss/?bbox=1,2,3&resource_type=gold")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_the_map_links_to_following_and_the_feed_with_its_filter(client):
    body = client.get("/en/map/?province=510000&post_kind=need").content.decode()
    assert 'href="/en/follow/new/?province=510000&amp;post_kind=need"' in body
    assert 'href="/en/map/feed/rss/?province=510000&amp;post_kind=need"' in body
    directory = client.get("/en/orgs/?province=510000").content.decode()
    assert 'href="/en/follow/new/?province=510000' in directory
    assert Division.objects.filter(code="510000").exists() and timezone.now()
