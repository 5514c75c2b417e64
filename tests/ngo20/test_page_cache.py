"""The organization page's cache for anonymous visitors and the HTTP cache headers: a change is
never hidden past the stated freshness, and no signed-in view is cached or shared."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from evaluation.services.ratings import rating_save
from mapplatform.services.posts import post_close, post_create
from orgs.services.organizations import organization_set_status, organization_update
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # bumps happen on commit, as in production


def anonymous_page(organization, client=None):
    response = (client or Client()).get(organization.get_absolute_url())
    return response, response.content.decode()


def test_anonymous_page_is_served_from_the_cache_without_queries_after_the_first(django_assert_max_num_queries):
    organization = OrganizationFactory()
    first, body = anonymous_page(organization)
    assert first.status_code == 200 and organization.name in body
    with django_assert_max_num_queries(1):  # the organization's stamp; the page comes from Redis
        second, cached = anonymous_page(organization)
    assert second.status_code == 200 and organization.name in cached


def test_each_visitor_gets_their_own_working_csrf_token():
    organization = OrganizationFactory()
    anonymous_page(organization)
    tokens = set()
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        _response, body = anonymous_page(organization, client)
        assert "placeholder" not in body
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        tokens.add(token)
        # The token works with that visitor's cookie: the language switch accepts it.
        switched = client.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
        assert switched.status_code == 302
    assert len(tokens) == 2


@pytest.mark.parametrize("change", ["profile", "post", "closed post", "rating", "hidden"])
def test_every_change_on_the_page_shows_at_once(change):
    organization = OrganizationFactory()
    member = MembershipFactory(organization=organization).user
    post = post_create(user=member, organization=organization, data={
        "kind": "need", "resource_type": "goods", "title": "需要旧电脑十台",
        "expires_on": timezone.localdate() + datetime.timedelta(days=20)})
    _response, before = anonymous_page(organization)
    assert "需要旧电脑十台" in before
    if change == "profile":
        organization_update(organization=organization, user=member, data={"name": "新名字公益服务中心"})
        expected = "新名字公益服务中心"
    elif change == "post":
        post_create(user=member, organization=organization, data={
            "kind": "offer", "resource_type": "venue", "title": "提供活动场地",
            "expires_on": timezone.localdate() + datetime.timedelta(days=20)})
        expected = "提供活动场地"
    elif change == "closed post":
        post_close(post=post, user=member)
        expected = None
    elif change == "rating":
        rating_save(user=UserFactory(), organization=organization,
                    scores={"public_trust": 5, "financial": 4, "influence": 4}, comment="他们的助学项目很扎实")
        expected = "他们的助学项目很扎实"
    else:
        moderator = UserFactory(is_staff=True, is_superuser=True)
        organization_set_status(organization=organization, user=moderator, status="hidden", reason="spam")
        assert anonymous_page(organization)[0].status_code == 404
        return
    response, after = anonymous_page(organization)
    assert response.status_code == 200
    if expected:
        assert expected in after
    else:
        assert after != before


def test_a_signed_in_view_is_never_cached_or_shown_to_others():
    organization = OrganizationFactory()
    member = MembershipFactory(organization=organization).user
    signed_in = Client()
    signed_in.force_login(member)
    edit_url = f"/orgs/{organization.slug}/edit/"
    response = signed_in.get(organization.get_absolute_url())
    assert edit_url in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # The member's page did not go into the cache: an anonymous visitor sees the public page only.
    _response, body = anonymous_page(organization)
    assert edit_url not in body and member.email not in body
    # And a cached anonymous page is not served to the member.
    assert edit_url in signed_in.get(organization.get_absolute_url()).content.decode()


def test_map_answers_are_public_for_a_short_time_with_an_etag():
    OrganizationFactory()
    client = Client()
    url = "/api/map/features/?bbox=73,18,135,54&zoom=5"
    response = client.get(url)
    assert response.status_code == 200
    control = response["Cache-Control"]
    assert "public" in control and f"max-age={settings.PUBLIC_CACHE_SECONDS}" in control
    assert settings.PUBLIC_CACHE_SECONDS <= 60  # the stated freshness: a change shows within a minute
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # Signed in, the same answer is private and not stored.
    signed_in = Client()
    signed_in.force_login(UserFactory())
    control = signed_in.get(url)["Cache-Control"]
    assert "private" in control and "no-store" in control and "public" not in control


def test_anonymous_pages_with_a_form_token_are_private_to_the_browser():
    organization = OrganizationFactory()
    response, _body = anonymous_page(organization)
    assert "csrftoken" in response.cookies  # the language switch is a form
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Revalidation by ETag works on the cached page too.
    again = Client().get(organization.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_directory_cards_are_cached_until_their_organization_changes():
    from django.db import transaction

    from orgs.models import IssueField, Organization
    from orgs.services.pagecache import organization_page_changed

    membership = MembershipFactory(organization__name="彩虹桥社工服务社", organization__kind="ngo")
    organization = membership.organization
    listed = lambda path="/en/orgs/?q=彩虹桥": Client().get(path).content.decode()  # noqa: E731
    assert "彩虹桥社工服务社" in listed()
    # A write that neither bumps the organization's version nor touches updated_at: the cached
    # card is still served (the cache is really used)...
    Organization.objects.filter(pk=organization.pk).update(name="彩虹桥新名字")
    assert "彩虹桥社工服务社" in listed()
    # ...until the organization's pages are marked changed, as every service does.
    with transaction.atomic():
        organization_page_changed(organization.pk)
    assert "彩虹桥新名字" in listed()
    # An edit through the service, with new issue fields, shows at once.
    environment = IssueField.objects.get(slug="environment")
    organization_update(organization=organization, user=membership.user, data={"name": "彩虹桥环保社"},
                        issue_fields=[environment])
    body = listed()
    assert "彩虹桥环保社" in body and environment.name_en in body
    # One card per language: the Chinese directory speaks Chinese.
    assert environment.name_zh in listed("/orgs/?q=彩虹桥") and environment.name_en not in listed("/orgs/?q=彩虹桥")


def test_funders_rows_are_cached_per_organization_but_the_shortlist_is_each_funders_own():
    from evaluation.models import Rating, TrustScore
    from evaluation.services import shortlist as shortlists
    from evaluation.services.scoring import organization_recompute

    organization = OrganizationFactory(name="评估过的机构")
    for _ in range(12):
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=4, financial=4, influence=4)
    organization_recompute(organization_id=organization.pk)
    overall = str(TrustScore.objects.get(organization=organization).overall)
    assert f"<strong>{overall}</strong>" in Client().get("/en/trust/funders/").content.decode()
    # A write that changes neither the score's computed time nor the page's version: still cached.
    TrustScore.objects.filter(organization=organization).update(overall="12.3")
    assert f"<strong>{overall}</strong>" in Client().get("/en/trust/funders/").content.decode()
    # A recompute rewrites the score: the row shows it at once.
    Rating.objects.filter(organization=organization).update(public_trust=1, financial=1, influence=1)
    organization_recompute(organization_id=organization.pk)
    fresh = str(TrustScore.objects.get(organization=organization).overall)
    assert fresh != overall and f"<strong>{fresh}</strong>" in Client().get("/en/trust/funders/").content.decode()
    # The cached cells are shared; each funder's shortlist button is their own.
    keeper, other = UserFactory(groups=["funders"]), UserFactory(groups=["funders"])
    shortlists.shortlist_toggle(user=keeper, organization=organization)
    pages = {}
    for user in (keeper, other):
        client = Client()
        client.force_login(user)
        pages[user] = client.get("/en/trust/funders/").content.decode()
    assert ">Remove</button>" in pages[keeper] and ">Shortlist</button>" not in pages[keeper]
    assert ">Shortlist</button>" in pages[other] and ">Remove</button>" not in pages[other]
