"""Matching: ranked suggestions, and the proposal → acceptance workflow with both confirmations."""

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mapplatform.models import Match, ResourcePost
from mapplatform.services.matches import match_decide, match_propose, match_withdraw
from mapplatform.services.matching import suggested_matches
from mapplatform.services.notifications import (
    match_decided_notify,
    match_proposed_notify,
)
from orgs.models import IssueField
from tests.orgs.factories import MembershipFactory, OrganizationFactory

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def org_at(lng, lat, province="510000", kind="ngo"):
    return OrganizationFactory(kind=kind, province_id=province, city=None, county=None,
                               location=Point(lng, lat, srid=4326))


@pytest.fixture
def sides():
    ngo = MembershipFactory().organization
    csr = MembershipFactory(organization=OrganizationFactory(kind="csr")).organization
    need = PostFactory(organization=ngo, kind="need", resource_type="goods")
    offer = PostFactory(organization=csr, kind="offer", resource_type="goods")
    return need, offer, ngo.memberships.get().user, csr.memberships.get().user


def test_suggestions_rank_type_field_distance_and_freshness():
    education = IssueField.objects.get(slug="education")
    need = PostFactory(kind="need", resource_type="goods", issue_fields=[education])
    PostFactory(kind="offer", resource_type="goods", issue_fields=[education],
                            organization=org_at(104.1, 30.7), title="near same")
    PostFactory(kind="offer", resource_type="goods", issue_fields=[education],
                           organization=org_at(87.6, 43.8, "650000"), title="far same")
    PostFactory(kind="offer", resource_type="funding", organization=org_at(104.1, 30.7),
                                  title="near other type")
    old_near_same = PostFactory(kind="offer", resource_type="goods", issue_fields=[education],
                                organization=org_at(104.1, 30.7), title="old near same")
    ResourcePost.objects.filter(pk=old_near_same.pk).update(created_at=timezone.now() - datetime.timedelta(days=80))
    # Not suggested: another need, a closed offer, a hidden one, an expired one, the same organization's own offer.
    PostFactory(kind="need", organization=org_at(104.1, 30.7))
    PostFactory(kind="offer", status="closed", organization=org_at(104.1, 30.7))
    PostFactory(kind="offer", hidden_reason="spam", organization=org_at(104.1, 30.7))
    expired = PostFactory(kind="offer", organization=org_at(104.1, 30.7))
    ResourcePost.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    PostFactory(kind="offer", organization=need.organization)

    ranked = suggested_matches(post=need)
    titles = [candidate.title for _, candidate, _ in ranked]
    assert titles == ["near same", "old near same", "far same", "near other type"]
    score, _, reasons = ranked[0]
    assert reasons == {"same_type": True, "shared_fields": 1, "km": reasons["km"], "age_days": 0}
    assert reasons["km"] < 20 and score > 95


def test_need_side_proposes_and_offer_side_accepts(sides, django_capture_on_commit_callbacks):
    need, offer, ngo_user, csr_user = sides
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        match = match_propose(need=need, offer=offer, user=ngo_user, message="谢谢")
    assert len(callbacks) == 1
    assert match.need_confirmed_at and not match.offer_confirmed_at
    assert ResourcePost.objects.get(pk=need.pk).status == "in_progress"
    with pytest.raises(PermissionDenied):
        match_decide(match=match, user=ngo_user, accept=True)  # the proposer cannot accept
    match_decide(match=match, user=csr_user, accept=True)
    match.refresh_from_db()
    assert match.status == "accepted" and match.need_confirmed_at and match.offer_confirmed_at
    assert match.offer_confirmed_by == csr_user
    assert set(ResourcePost.objects.values_list("status", flat=True)) == {"matched"}


def test_offer_side_can_propose_too(sides):
    need, offer, ngo_user, csr_user = sides
    match = match_propose(need=need, offer=offer, user=csr_user)
    assert match.offer_confirmed_at and not match.need_confirmed_at
    match_decide(match=match, user=ngo_user, accept=True)
    assert Match.objects.get().status == "accepted"


def test_accepting_twice_is_refused(sides):
    need, offer, ngo_user, csr_user = sides
    match = match_propose(need=need, offer=offer, user=ngo_user)
    match_decide(match=match, user=csr_user, accept=True)
    with pytest.raises(ValidationError, match="already been accepted"):
        match_decide(match=match, user=csr_user, accept=True)


def test_a_match_between_two_needs_is_refused(sides):
    need, offer, ngo_user, csr_user = sides
    other_need = PostFactory(kind="need", organization=offer.organization)
    with pytest.raises(ValidationError, match="one need and one offer"):
        match_propose(need=need, offer=other_need, user=ngo_user)
    assert not Match.objects.exists()


def test_strangers_cannot_propose_and_pairs_are_proposed_once(sides):
    need, offer, ngo_user, csr_user = sides
    stranger = MembershipFactory().user
    with pytest.raises(PermissionDenied):
        match_propose(need=need, offer=offer, user=stranger)
    match_propose(need=need, offer=offer, user=ngo_user)
    with pytest.raises(ValidationError, match="already have a proposal"):
        match_propose(need=need, offer=offer, user=csr_user)
    assert Match.objects.count() == 1


def test_declining_reopens_the_posts_and_allows_a_new_proposal(sides):
    need, offer, ngo_user, csr_user = sides
    match = match_propose(need=need, offer=offer, user=ngo_user)
    match_decide(match=match, user=csr_user, accept=False)
    assert set(ResourcePost.objects.values_list("status", flat=True)) == {"open"}
    again = match_propose(need=need, offer=offer, user=csr_user)
    match_withdraw(match=again, user=csr_user)
    assert Match.objects.filter(status="withdrawn").count() == 1


def test_closed_posts_cannot_be_matched(sides):
    need, offer, ngo_user, _ = sides
    ResourcePost.objects.filter(pk=offer.pk).update(status="closed")
    with pytest.raises(ValidationError, match="no longer open"):
        match_propose(need=need, offer=offer, user=ngo_user)


def test_proposal_and_decision_emails_go_to_the_right_people_once(sides):
    need, offer, ngo_user, csr_user = sides
    match = match_propose(need=need, offer=offer, user=ngo_user)
    assert match_proposed_notify(match_id=match.pk) == 1
    assert match_proposed_notify(match_id=match.pk) == 0
    assert mail.outbox[0].to == [csr_user.email]
    match_decide(match=match, user=csr_user, accept=True)
    assert match_decided_notify(match_id=match.pk) == 1
    assert mail.outbox[1].to == [ngo_user.email]
