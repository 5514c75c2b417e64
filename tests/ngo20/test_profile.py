"""The composed organization page stays within a fixed number of queries, however much it shows."""

import datetime

import pytest
from django.utils import timezone

from evaluation.models import Rating
from evaluation.services.scoring import organization_recompute
from mapplatform.models import Match
from tests.evaluation.factories import DisclosureFactory
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory, UserFactory
from tests.trainings.factories import WorkshopFactory
from trainings.models import Application

pytestmark = pytest.mark.django_db


def fill(organization, count):
    other = OrganizationFactory(kind="csr")
    for index in range(count):
        need = PostFactory(organization=organization, kind="need")
        offer = PostFactory(organization=other, kind="offer")
        Match.objects.create(need=need, offer=offer, status="accepted", need_confirmed_at=timezone.now(),
                             offer_confirmed_at=timezone.now(), decided_at=timezone.now())
        event = WorkshopFactory(starts_on=timezone.localdate() - datetime.timedelta(days=100 + index))
        Application.objects.create(event=event, organization=organization, applicant=UserFactory(), position="coo",
                                   job_title="x", motivation="x", internet_use="x", status="accepted")
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=4, financial=3, influence=5,
                              comment=f"评论{index}")
        DisclosureFactory(organization=organization, status="verified", year=2025 - index)
        DisclosureFactory(organization=organization, kind="governance", status="verified", year=2025 - index,
                          details={"members": [{"name": f"理事{index}", "role": "理事"}]})
    organization_recompute(organization_id=organization.pk)


def count_queries(client, organization, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(organization.get_absolute_url()).status_code == 200
    return len(captured.captured_queries)


def test_profile_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    small, big = OrganizationFactory(), OrganizationFactory()
    fill(small, 1)
    fill(big, 8)
    client.force_login(UserFactory())
    client.get("/")  # a session's first page checks its policy consent once; the pages below are not first
    assert count_queries(client, small, django_assert_max_num_queries, 25) == count_queries(
        client, big, django_assert_max_num_queries, 25)


def test_one_route_serves_the_profile_page():
    from django.urls import NoReverseMatch, resolve, reverse

    from ngo20.views import organization_profile

    organization = OrganizationFactory()
    assert organization.get_absolute_url() == f"/en/orgs/{organization.slug}/"  # tests run in English
    assert resolve(organization.get_absolute_url()).func is organization_profile
    assert resolve("/en/orgs/new/").url_name == "create"  # the fixed page is not taken for a profile
    with pytest.raises(NoReverseMatch):
        reverse("orgs:detail", kwargs={"slug": organization.slug})


def test_a_draft_profile_is_not_found_by_strangers(client):
    draft = OrganizationFactory(status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
