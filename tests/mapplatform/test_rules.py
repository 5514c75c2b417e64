"""Role × action on the map: the permission rules, and the API and page write paths that use them."""

import datetime

import pytest
from django.utils import timezone

from mapplatform.models import Match, ResourcePost
from tests.orgs.factories import OrganizationFactory, UserFactory
from tests.roles import ANONYMOUS_API, ROLES, VERIFIED, make_user, sign_in

from .factories import PostFactory

pytestmark = pytest.mark.django_db

MEMBERS = {"member", "owner"}

# permission -> roles allowed, about the organization's own need
MATRIX = {
    "mapplatform.post_for_organization": MEMBERS,
    "mapplatform.post_as_individual": VERIFIED,
    "mapplatform.edit_post": MEMBERS,
    "mapplatform.act_for_post": MEMBERS,
    "mapplatform.suggest_organization": VERIFIED,
    "mapplatform.flag": VERIFIED,
    "mapplatform.moderate": {"moderator"},
}
OBJECT = {"mapplatform.post_for_organization": "organization", "mapplatform.edit_post": "post",
          "mapplatform.act_for_post": "post"}


@pytest.fixture
def organization():
    return OrganizationFactory()


@pytest.fixture
def need(organization):
    return PostFactory(organization=organization, kind="need", author=UserFactory())


@pytest.fixture
def personal_offer():
    from django.contrib.gis.geos import Point

    return PostFactory(organization=None, kind="offer", author=UserFactory(), province_id="510000",
                       location=Point(104.07, 30.67, srid=4326))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_map_permissions(role, action, organization, need):
    user = make_user(role, organization)
    target = {"organization": organization, "post": need}.get(OBJECT.get(action))
    assert user.has_perm(action, target) == (role in MATRIX[action])


def expected(role, allowed, ok, refused=403):
    if role == "anonymous":
        return ANONYMOUS_API
    return {ok} if role in allowed else {refused}


@pytest.mark.parametrize("role", ROLES)
def test_api_create_a_post_for_the_organization(client, role, organization):
    sign_in(client, make_user(role, organization))
    response = client.post("/api/posts/", {
        "kind": "need", "resource_type": "goods", "title": "需要电脑", "organization": organization.slug,
        "expires_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat()},
        content_type="application/json")
    assert response.status_code in expected(role, MEMBERS, 201)
    assert ResourcePost.objects.filter(title="需要电脑").exists() == (role in MEMBERS)


@pytest.mark.parametrize("role", ROLES)
def test_api_edit_and_close_the_organizations_post(client, role, organization, need):
    sign_in(client, make_user(role, organization))
    edited = client.patch(f"/api/posts/{need.pk}/", {"title": "改过的标题"}, content_type="application/json")
    assert edited.status_code in expected(role, MEMBERS, 200)
    closed = client.post(f"/api/posts/{need.pk}/close/")
    assert closed.status_code in expected(role, MEMBERS, 200)
    need.refresh_from_db()
    assert (need.title == "改过的标题", need.status == "closed") == (role in MEMBERS, role in MEMBERS)


@pytest.mark.parametrize("role", ROLES)
def test_api_propose_a_match_for_the_organizations_need(client, role, organization, need, personal_offer):
    sign_in(client, make_user(role, organization))
    response = client.post("/api/matches/", {"need": need.pk, "offer": personal_offer.pk},
                           content_type="application/json")
    assert response.status_code in expected(role, MEMBERS, 201)
    assert Match.objects.exists() == (role in MEMBERS)


@pytest.mark.parametrize("role", ROLES)
def test_api_accept_a_proposal_made_to_the_organization(client, role, organization, need, personal_offer):
    from mapplatform.services.matches import match_propose

    match = match_propose(need=need, offer=personal_offer, user=personal_offer.author)
    user = make_user(role, organization)
    sign_in(client, user)
    response = client.post(f"/api/matches/{match.pk}/accept/")
    # Strangers do not see the match at all (404); an unverified member sees it but may not act.
    refused = 403 if role == "unverified" else 404
    assert response.status_code in expected(role, MEMBERS, 200, refused=refused)
    match.refresh_from_db()
    assert (match.status == "accepted") == (role in MEMBERS)


@pytest.mark.parametrize("role", ROLES)
def test_page_close_the_organizations_post(client, role, organization, need):
    sign_in(client, make_user(role, organization))
    response = client.post(f"/en/posts/{need.pk}/close/")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if role in MEMBERS else 403)
    need.refresh_from_db()
    assert (need.status == "closed") == (role in MEMBERS)
