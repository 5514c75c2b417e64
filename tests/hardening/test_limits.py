"""Authentication and limits that cannot be sidestepped: session-only API with verified writes,
one trusted-proxy rule for every limiter, and write limits shared by the web and the API."""

import base64
import datetime
import json

import pytest
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

from common.net import client_ip
from evaluation.models import Rating
from mapplatform.models import ResourcePost
from tests.orgs.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GOOD = {"public_trust": 4, "financial": 4, "influence": 4}
EXPIRES = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def member(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return membership.user, membership.organization


# --- The API: the session only, and verified writes --------------------------------------------

def test_http_basic_with_the_right_password_is_not_accepted(client):
    user = UserFactory()
    credentials = base64.b64encode(f"{user.email}:{PASSWORD}".encode()).decode()
    response = client.post("/api/ratings/", {"organization": OrganizationFactory().slug, **GOOD},
                           HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_many_wrong_basic_passwords_never_reach_a_password_check(client):
    user = UserFactory()
    credentials = base64.b64encode(f"{user.email}:wrong".encode()).decode()
    for _ in range(3):
        assert client.get("/api/matches/", HTTP_AUTHORIZATION=f"Basic {credentials}").status_code == 403


def test_an_unverified_session_cannot_write_through_the_api(client):
    user = UserFactory(verified=False)
    client.force_login(user)
    response = client.post("/api/ratings/", {"organization": OrganizationFactory().slug, **GOOD})
    assert response.status_code == 403
    body = {"kind": "offer", "resource_type": "goods", "title": "旧电脑", "expires_on": EXPIRES,
            "lon": 104.07, "lat": 30.66}
    assert client.post("/api/posts/", json.dumps(body), content_type="application/json").status_code == 403
    assert not Rating.objects.exists() and not ResourcePost.objects.exists()


def test_a_verified_session_writes_through_the_api(client):
    client.force_login(UserFactory())
    response = client.post("/api/ratings/", {"organization": OrganizationFactory().slug, **GOOD})
    assert response.status_code == 200


# --- One trusted-proxy rule for the client address ---------------------------------------------

def _request(remote="10.0.0.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="1.2.3.4")) == "10.0.0.5"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; nginx appended the address it really saw.
    assert client_ip(_request(forwarded="6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request(forwarded="garbage")) == "10.0.0.5"
    assert client_ip(_request()) == "10.0.0.5"


def test_drf_throttles_use_the_same_rule(settings):
    throttle = AnonRateThrottle()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    assert throttle.get_ident(_request(forwarded="1.2.3.4")) == "10.0.0.5"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert throttle.get_ident(_request(forwarded="6.6.6.6, 203.0.113.9")) == "203.0.113.9"


def _fail_logins(client, times, **extra):
    for number in range(times):
        client.post("/en/accounts/login/", {"login": f"nobody{number}@example.org", "password": "wrong"}, **extra)


def test_behind_nginx_one_address_failing_does_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _fail_logins(client, 11, HTTP_X_FORWARDED_FOR="198.51.100.7")
    user = UserFactory()
    blocked = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD},
                          HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert "Too many failed login attempts" in blocked.content.decode()
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD},
                HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_without_a_proxy_a_forged_x_forwarded_for_does_not_escape_the_login_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(11):
        client.post("/en/accounts/login/", {"login": f"nobody{number}@example.org", "password": "wrong"},
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    user = UserFactory()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_fifty_people_behind_one_address_browse_the_map_without_429(client):
    statuses = {client.get("/api/map/features/", {"bbox": "97,21,110,34", "zoom": 5}).status_code
                for _person in range(50) for _pan in range(3)}
    assert statuses == {200}


# --- Write limits live in the services: the web and the API share one budget --------------------

def test_the_web_and_the_api_share_the_post_budget(client, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post_create": "2/h"}
    _user, organization = member
    form = {"organization": organization.slug, "kind": "need", "resource_type": "goods", "title": "需要书",
            "expires_on": EXPIRES}
    assert client.post("/en/posts/new/", form).status_code == 302
    body = {"organization": organization.slug, "kind": "need", "resource_type": "goods", "title": "需要桌子",
            "expires_on": EXPIRES}
    assert client.post("/api/posts/", json.dumps(body), content_type="application/json").status_code == 201
    assert client.post("/api/posts/", json.dumps(body), content_type="application/json").status_code == 429
    assert client.post("/en/posts/new/", form).status_code == 429
    assert ResourcePost.objects.count() == 2


def test_ratings_have_one_counter_for_the_web_and_the_api(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "rating_save": "2/h"}
    client.force_login(UserFactory())
    first, second, third = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    assert client.post(f"/en/trust/rate/{first.slug}/", GOOD).status_code == 302
    assert client.post("/api/ratings/", {"organization": second.slug, **GOOD}).status_code == 200
    assert client.post("/api/ratings/", {"organization": third.slug, **GOOD}).status_code == 429
    assert client.post(f"/en/trust/rate/{third.slug}/", GOOD).status_code == 429
    assert Rating.objects.count() == 2


def test_the_shipped_compose_file_trusts_its_one_nginx():
    from pathlib import Path

    from django.conf import settings

    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()
    assert 'TRUSTED_PROXY_COUNT: "1"' in compose
