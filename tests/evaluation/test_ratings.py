"""Ratings: who may rate whom, one per person (updated), bursts held, flags, moderation, fields, API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from evaluation.models import FieldEvaluation, Rating, RatingFlag
from evaluation.services.field import (
    assessor_assign,
    field_evaluation_review,
    field_evaluation_submit,
)
from evaluation.services.ratings import rating_flag, rating_moderate, rating_save
from mapplatform.models import Match
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {"public_trust": 4, "financial": 3, "influence": 5}


def test_a_verified_user_rates_and_then_updates_the_same_rating(django_capture_on_commit_callbacks):
    organization, user = OrganizationFactory(), UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        rating_save(user=user, organization=organization, scores=GOOD, comment="不错")
    assert [cb.__qualname__ for cb in callbacks].count("schedule_recompute.<locals>.enqueue") == 1  # one recompute queued
    rating_save(user=user, organization=organization, scores={**GOOD, "financial": 1})
    assert Rating.objects.get().financial == 1
    assert Rating.objects.count() == 1
    assert Rating.objects.get().history.count() == 2


def test_the_database_allows_one_rating_per_person_and_organization():
    organization, user = OrganizationFactory(), UserFactory()
    rating_save(user=user, organization=organization, scores=GOOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(user=user, organization=organization, public_trust=1, financial=1, influence=1)


@pytest.mark.parametrize("scores", [{**GOOD, "influence": 6}, {**GOOD, "financial": 0}, {**GOOD, "public_trust": "5"},
                                    {"public_trust": 3, "financial": 3}])
def test_out_of_range_scores_are_refused(scores):
    with pytest.raises(ValidationError, match="1 to 5"):
        rating_save(user=UserFactory(), organization=OrganizationFactory(), scores=scores)
    assert not Rating.objects.exists()


def test_nobody_rates_their_own_organization():
    membership = MembershipFactory()
    with pytest.raises(PermissionDenied, match="your own organization"):
        rating_save(user=membership.user, organization=membership.organization, scores=GOOD)


@pytest.mark.parametrize("kind, allowed", [("ngo", True), ("foundation", True), ("csr", True), ("government", False),
                                           ("academic", False)])
def test_only_ngos_foundations_and_csr_programs_are_rated(kind, allowed):
    organization = OrganizationFactory(kind=kind)
    if allowed:
        rating_save(user=UserFactory(), organization=organization, scores=GOOD)
    else:
        with pytest.raises(PermissionDenied):
            rating_save(user=UserFactory(), organization=organization, scores=GOOD)


def test_unverified_users_and_hidden_organizations_are_refused():
    with pytest.raises(PermissionDenied):
        rating_save(user=UserFactory(verified=False), organization=OrganizationFactory(), scores=GOOD)
    with pytest.raises(PermissionDenied):
        rating_save(user=UserFactory(), organization=OrganizationFactory(status="hidden", status_reason="x"),
                    scores=GOOD)


def test_a_rating_after_a_confirmed_match_is_marked():
    ngo = OrganizationFactory()
    csr = MembershipFactory(organization=OrganizationFactory(kind="csr"))
    need, offer = PostFactory(organization=ngo, kind="need"), PostFactory(organization=csr.organization, kind="offer")
    Match.objects.create(need=need, offer=offer, status="accepted", need_confirmed_at=timezone.now(),
                         offer_confirmed_at=timezone.now(), decided_at=timezone.now())
    assert rating_save(user=csr.user, organization=ngo, scores=GOOD).from_match is True
    assert rating_save(user=UserFactory(), organization=ngo, scores=GOOD).from_match is False


def test_a_burst_far_above_the_usual_rate_is_held_for_moderators():
    organization = OrganizationFactory()
    quiet = OrganizationFactory()
    ratings = [rating_save(user=UserFactory(), organization=organization, scores=GOOD) for _ in range(5)]
    assert ratings[3].status == "visible"
    assert ratings[4].status == "held"
    assert set(Rating.objects.filter(organization=organization).values_list("status", flat=True)) == {"held"}
    rating_save(user=UserFactory(), organization=quiet, scores=GOOD)
    assert Rating.objects.get(organization=quiet).status == "visible"
    moderator = UserFactory(groups=["moderators"])
    rating_moderate(rating=ratings[0], user=moderator, status="visible")
    assert Rating.objects.get(pk=ratings[0].pk).status == "visible"


def test_an_organization_with_a_steady_history_is_not_held_for_a_busy_hour():
    organization = OrganizationFactory()
    for days in range(1, 29):
        for _ in range(12):
            Rating.objects.create(user=UserFactory(), organization=organization, public_trust=3, financial=3,
                                  influence=3)
        Rating.objects.filter(organization=organization, created_at__gte=timezone.now() - datetime.timedelta(minutes=5)
                              ).update(created_at=timezone.now() - datetime.timedelta(days=days))
    # 336 ratings over four weeks, 0.5 an hour: 5 in an hour is a burst only if ≥ 10 × usual rate (5).
    statuses = [rating_save(user=UserFactory(), organization=organization, scores=GOOD).status for _ in range(5)]
    assert statuses[-1] == "held"  # 5 ≥ max(5, 10 × 0.5)
    assert statuses[:4] == ["visible"] * 4


def test_flags_and_moderation():
    rating = rating_save(user=UserFactory(), organization=OrganizationFactory(), scores=GOOD)
    flagger = UserFactory()
    rating_flag(rating=rating, user=flagger, reason="恶意评分")
    with pytest.raises(ValidationError, match="already flagged"):
        rating_flag(rating=rating, user=flagger, reason="again")
    moderator = UserFactory(groups=["moderators"])
    with pytest.raises(ValidationError):
        rating_moderate(rating=rating, user=moderator, status="hidden")
    rating_moderate(rating=rating, user=moderator, status="hidden", reason="刷分")
    rating.refresh_from_db()
    assert (rating.status, rating.status_reason) == ("hidden", "刷分")
    assert not RatingFlag.objects.filter(resolved=False).exists()
    with pytest.raises(PermissionDenied):
        rating_moderate(rating=rating, user=UserFactory(), status="visible")


def test_field_visit_workflow_needs_assignment_and_another_lead():
    organization = OrganizationFactory()
    assessor = UserFactory(groups=["assessors"])
    lead = UserFactory(groups=["assessors", "lead_assessors"])
    other_lead = UserFactory(groups=["assessors", "lead_assessors"])
    visit = FieldEvaluation.objects.create(organization=organization, assessor=assessor,
                                           visit_date=timezone.localdate(), score_public_trust=4, score_financial=3,
                                           score_influence=4, evidence="查看了账目")
    with pytest.raises(PermissionDenied):
        field_evaluation_submit(evaluation=visit, user=assessor)  # not assigned yet
    with pytest.raises(PermissionDenied):
        assessor_assign(organization=organization, assessor=assessor, user=assessor)
    assessor_assign(organization=organization, assessor=assessor, user=lead)
    field_evaluation_submit(evaluation=visit, user=assessor)
    with pytest.raises(PermissionDenied):
        field_evaluation_review(evaluation=visit, user=assessor, approve=True)
    lead_visit = FieldEvaluation.objects.create(organization=organization, assessor=lead,
                                                visit_date=timezone.localdate(), score_public_trust=1,
                                                score_financial=1, score_influence=1, evidence="x", status="submitted")
    with pytest.raises(PermissionDenied, match="Another lead"):
        field_evaluation_review(evaluation=lead_visit, user=lead, approve=True)
    field_evaluation_review(evaluation=visit, user=other_lead, approve=True)
    visit.refresh_from_db()
    assert visit.status == "approved" and visit.approved_by == other_lead
    with pytest.raises(ValidationError):
        field_evaluation_review(evaluation=visit, user=lead, approve=True)


def test_attachments_are_checked_by_content():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from common.validators import validate_attachment

    validate_attachment(SimpleUploadedFile("a.pdf", b"%PDF-1.7 ..."))
    with pytest.raises(ValidationError, match="PDF, JPEG or PNG"):
        validate_attachment(SimpleUploadedFile("a.pdf", b"<html><script>"))


def test_rating_page_and_api(client):
    organization = OrganizationFactory()
    user = UserFactory()
    client.force_login(user)
    client.post(f"/en/trust/rate/{organization.slug}/", {"public_trust": 4, "financial": 4, "influence": 4})
    assert Rating.objects.get().user == user
    bad = client.post("/api/ratings/", {"organization": organization.slug, "public_trust": 9, "financial": 1,
                                        "influence": 1}, content_type="application/json")
    assert bad.status_code == 400 and "public_trust" in bad.json()
    own = MembershipFactory()
    client.force_login(own.user)
    forbidden = client.post("/api/ratings/", {"organization": own.organization.slug, **GOOD},
                            content_type="application/json")
    assert forbidden.status_code == 403
    assert Rating.objects.count() == 1


def test_rating_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "rating_save": "1/h"}
    client.force_login(UserFactory())
    first, second = OrganizationFactory(), OrganizationFactory()
    assert client.post(f"/en/trust/rate/{first.slug}/", GOOD).status_code == 302
    assert client.post(f"/en/trust/rate/{second.slug}/", GOOD).status_code == 429
    assert Rating.objects.count() == 1
