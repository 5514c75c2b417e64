"""The trust score cannot be inflated: two independent sides per match, and burst holding that
holds the burst, not the history."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from evaluation.models import Rating
from evaluation.services.ratings import (
    rating_moderate,
    rating_save,
    ratings_release_burst,
)
from mapplatform.models import Match
from mapplatform.services.matches import match_decide, match_propose
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {"public_trust": 5, "financial": 5, "influence": 5}


# --- A match needs two independent sides ---------------------------------------------------------

def test_a_member_cannot_match_their_organizations_need_with_their_own_personal_offer():
    membership = MembershipFactory()
    need = PostFactory(organization=membership.organization, kind="need", resource_type="goods")
    offer = PostFactory(organization=None, author=membership.user, kind="offer", resource_type="goods",
                        location=membership.organization.location, province_id="510000")
    with pytest.raises(ValidationError, match="both"):
        match_propose(need=need, offer=offer, user=membership.user)
    assert not Match.objects.exists()


def test_a_person_in_two_organizations_cannot_match_their_posts():
    person = UserFactory()
    first = MembershipFactory(user=person).organization
    second = MembershipFactory(user=person, organization=OrganizationFactory(kind="csr")).organization
    need = PostFactory(organization=first, kind="need")
    offer = PostFactory(organization=second, kind="offer")
    with pytest.raises(ValidationError, match="both"):
        match_propose(need=need, offer=offer, user=person)


def test_the_proposer_cannot_accept_through_a_second_membership():
    """Proposed honestly by the need's side; the other side's acceptance must come from someone
    who does not also act for the need."""
    ngo_member = MembershipFactory()
    csr = OrganizationFactory(kind="csr")
    csr_owner = MembershipFactory(organization=csr).user
    need = PostFactory(organization=ngo_member.organization, kind="need")
    offer = PostFactory(organization=csr, kind="offer")
    match = match_propose(need=need, offer=offer, user=ngo_member.user)
    # The proposer joins the other organization afterwards and tries to accept.
    MembershipFactory(user=ngo_member.user, organization=csr, role="editor")
    with pytest.raises(ValidationError):
        match_decide(match=match, user=ngo_member.user, accept=True)
    assert Match.objects.get(pk=match.pk).status == "proposed"
    assert match_decide(match=match, user=csr_owner, accept=True).status == "accepted"


def test_two_different_people_on_two_organizations_make_a_match():
    ngo = MembershipFactory()
    csr = MembershipFactory(organization=OrganizationFactory(kind="csr"))
    match = match_propose(need=PostFactory(organization=ngo.organization, kind="need"),
                          offer=PostFactory(organization=csr.organization, kind="offer"), user=ngo.user)
    assert match_decide(match=match, user=csr.user, accept=True).status == "accepted"


def test_the_database_refuses_one_person_confirming_both_sides():
    ngo = MembershipFactory()
    csr = MembershipFactory(organization=OrganizationFactory(kind="csr"))
    match = match_propose(need=PostFactory(organization=ngo.organization, kind="need"),
                          offer=PostFactory(organization=csr.organization, kind="offer"), user=ngo.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=match.pk).update(status="accepted", offer_confirmed_at=timezone.now(),
                                                 offer_confirmed_by=ngo.user)


# --- Burst holding holds the burst, not the history ----------------------------------------------

def _old_ratings(organization, count, days_ago=3):
    ratings = [Rating.objects.create(user=UserFactory(), organization=organization, **GOOD) for _ in range(count)]
    Rating.objects.filter(pk__in=[r.pk for r in ratings]).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return ratings


def test_a_sudden_wave_is_held_while_older_ratings_keep_counting():
    organization = OrganizationFactory()
    old = _old_ratings(organization, 10)
    wave = [rating_save(user=UserFactory(), organization=organization, scores=GOOD) for _ in range(6)]
    assert [r.status for r in wave[:4]] == ["visible"] * 4
    assert set(Rating.objects.filter(pk__in=[r.pk for r in wave]).values_list("status", flat=True)) == {"held"}
    assert set(Rating.objects.filter(pk__in=[r.pk for r in old]).values_list("status", flat=True)) == {"visible"}


def test_a_first_rating_never_holds_ratings_made_long_before():
    organization = OrganizationFactory()
    old = _old_ratings(organization, 22, days_ago=30)
    first = rating_save(user=UserFactory(), organization=organization, scores=GOOD)
    assert first.status == "visible"
    assert Rating.objects.filter(pk__in=[r.pk for r in old], status="visible").count() == 22


def test_a_genuine_wave_is_released_in_one_moderator_action_and_not_held_again():
    organization = OrganizationFactory()
    wave = [rating_save(user=UserFactory(), organization=organization, scores=GOOD) for _ in range(6)]
    assert Rating.objects.filter(organization=organization, status="held").count() == 6
    moderator = UserFactory(groups=["moderators"])
    assert ratings_release_burst(organization=organization, user=moderator) == 6
    assert Rating.objects.filter(organization=organization, status="visible").count() == 6
    # The wave goes on: the newcomer is held, the released ones keep counting.
    late = rating_save(user=UserFactory(), organization=organization, scores=GOOD)
    assert late.status == "held"
    assert Rating.objects.filter(pk__in=[r.pk for r in wave], status="visible").count() == 6


def test_a_rating_a_moderator_let_through_is_not_held_again():
    organization = OrganizationFactory()
    wave = [rating_save(user=UserFactory(), organization=organization, scores=GOOD) for _ in range(5)]
    moderator = UserFactory(groups=["moderators"])
    rating_moderate(rating=wave[0], user=moderator, status="visible")
    rating_save(user=UserFactory(), organization=organization, scores=GOOD)
    assert Rating.objects.get(pk=wave[0].pk).status == "visible"


def test_only_moderators_release_a_burst():
    organization = OrganizationFactory()
    with pytest.raises(Exception, match="moderators"):
        ratings_release_burst(organization=organization, user=UserFactory())


def test_the_admin_releases_the_burst_of_the_selected_ratings_organization():
    organization = OrganizationFactory()
    wave = [rating_save(user=UserFactory(), organization=organization, scores=GOOD) for _ in range(6)]
    moderator = UserFactory(groups=["moderators"], is_staff=True)
    request = RequestFactory().post("/admin/evaluation/rating/")
    request.user = moderator
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    site._registry[Rating].release_bursts(request, Rating.objects.filter(pk=wave[0].pk))
    assert Rating.objects.filter(organization=organization, status="visible").count() == 6


def test_the_demo_spreads_its_ratings_over_time_so_a_first_rating_is_not_a_burst():
    from evaluation.demo import demo_evaluation_load

    organizations = [OrganizationFactory() for _ in range(3)]
    demo_evaluation_load(password="demo-password-1")
    window = timezone.now() - datetime.timedelta(hours=1)
    assert Rating.objects.exists()
    assert not Rating.objects.filter(created_at__gte=window).exists()
    for organization in organizations:
        assert rating_save(user=UserFactory(), organization=organization, scores=GOOD).status == "visible"
    assert not Rating.objects.filter(status="held").exists()


def test_the_database_refuses_a_match_within_one_organization():
    organization = OrganizationFactory()
    need = PostFactory(organization=organization, kind="need")
    offer = PostFactory(organization=organization, kind="offer")
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(need=need, offer=offer)
    assert not Match.objects.exists()


def test_the_database_accepts_a_personal_offer_against_an_organizations_need():
    need = PostFactory(kind="need")
    offer = PostFactory(organization=None, kind="offer", resource_type="goods", location=need.location,
                        province_id="510000")
    assert Match.objects.create(need=need, offer=offer).pk


def test_the_map_demo_makes_its_matched_cases_within_the_match_rules():
    from mapplatform.demo import demo_posts_load

    author = UserFactory()
    for kind in ["ngo", "ngo", "csr", "foundation", "csr"]:
        OrganizationFactory(kind=kind, created_by=author)
    demo_posts_load()
    matches = Match.objects.select_related("need", "offer")
    assert matches.exists()
    for match in matches:
        assert match.need.organization_id != match.offer.organization_id
        assert match.need_confirmed_by_id != match.offer_confirmed_by_id
