"""Role × action in the evaluation: the permission rules, and the write paths (API rating, rating
page, shortlist, moderation, field visits, assignments) for every role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation.models import AssessorAssignment, FieldEvaluation, Rating, Shortlist
from evaluation.services.field import assessor_assign, field_evaluation_review, field_evaluation_save
from evaluation.services.ratings import rating_moderate
from tests.orgs.factories import OrganizationFactory, UserFactory
from tests.roles import ANONYMOUS_API, ROLES, VERIFIED, make_user, sign_in

pytestmark = pytest.mark.django_db

MEMBERS = {"member", "owner"}
RATERS = VERIFIED - MEMBERS  # nobody rates their own organization
SCORES = {"public_trust": 4, "financial": 3, "influence": 5}

MATRIX = {
    "evaluation.rate_organization": RATERS,
    "evaluation.record_field_evaluation": {"assessor"},  # the assessor assigned to it, not every assessor
    "evaluation.approve_field_evaluation": {"lead_assessor"},
    "evaluation.moderate_ratings": {"moderator"},
    "evaluation.flag_rating": VERIFIED,
    "evaluation.keep_shortlist": {"funder"},
}
ABOUT_ORGANIZATION = {"evaluation.rate_organization", "evaluation.record_field_evaluation"}


@pytest.fixture
def organization():
    return OrganizationFactory()


@pytest.fixture
def lead():
    return UserFactory(groups=["assessors", "lead_assessors"])


def user_for(role, organization, lead):
    user = make_user(role, organization)
    if role == "assessor":
        assessor_assign(organization=organization, assessor=user, user=lead)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_evaluation_permissions(role, action, organization, lead):
    user = user_for(role, organization, lead)
    target = organization if action in ABOUT_ORGANIZATION else None
    assert user.has_perm(action, target) == (role in MATRIX[action])


@pytest.mark.parametrize("role", ROLES)
def test_api_rate_the_organization(client, role, organization):
    sign_in(client, make_user(role, organization))
    response = client.post("/api/ratings/", {"organization": organization.slug, **SCORES},
                           content_type="application/json")
    if role == "anonymous":
        assert response.status_code in ANONYMOUS_API
    else:
        assert response.status_code == (200 if role in RATERS else 403)
    assert Rating.objects.exists() == (role in RATERS)


@pytest.mark.parametrize("role", ROLES)
def test_page_rate_the_organization(client, role, organization):
    sign_in(client, make_user(role, organization))
    response = client.post(f"/en/trust/rate/{organization.slug}/", SCORES)
    assert response.status_code == 302
    assert Rating.objects.exists() == (role in RATERS)


@pytest.mark.parametrize("role", ROLES)
def test_page_keep_a_shortlist(client, role, organization):
    sign_in(client, make_user(role, organization))
    response = client.post(f"/en/trust/shortlist/{organization.slug}/")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if role == "funder" else 403)
    assert Shortlist.objects.exists() == (role == "funder")


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_moderate_a_rating(role, organization):
    rating = Rating.objects.create(user=UserFactory(), organization=organization, status="held", **SCORES)
    user = make_user(role, organization)
    if role == "moderator":
        rating_moderate(rating=rating, user=user, status="visible")
    else:
        with pytest.raises(PermissionDenied):
            rating_moderate(rating=rating, user=user, status="visible")
    rating.refresh_from_db()
    assert (rating.status == "visible") == (role == "moderator")


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_record_a_field_visit(role, organization, lead):
    user = user_for(role, organization, lead)
    data = {"organization": organization, "visit_date": timezone.localdate(), "score_public_trust": 4,
            "score_financial": 3, "score_influence": 4, "evidence": "查看了账目"}
    if role == "assessor":
        field_evaluation_save(user=user, data=data)
    else:
        with pytest.raises(PermissionDenied):
            field_evaluation_save(user=user, data=data)
    assert FieldEvaluation.objects.exists() == (role == "assessor")


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_approve_a_field_visit(role, organization, lead):
    assessor = UserFactory(groups=["assessors"])
    assessor_assign(organization=organization, assessor=assessor, user=lead)
    visit = FieldEvaluation.objects.create(organization=organization, assessor=assessor, status="submitted",
                                           visit_date=timezone.localdate(), score_public_trust=4, score_financial=3,
                                           score_influence=4, evidence="查看了账目")
    user = make_user(role, organization)
    if role == "lead_assessor":
        field_evaluation_review(evaluation=visit, user=user, approve=True)
    else:
        with pytest.raises(PermissionDenied):
            field_evaluation_review(evaluation=visit, user=user, approve=True)
    visit.refresh_from_db()
    assert (visit.status == "approved") == (role == "lead_assessor")


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_assign_an_assessor(role, organization):
    assessor = UserFactory(groups=["assessors"])
    user = make_user(role, organization)
    if role == "lead_assessor":
        assessor_assign(organization=organization, assessor=assessor, user=user)
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            assessor_assign(organization=organization, assessor=assessor, user=user)
    assert AssessorAssignment.objects.exists() == (role == "lead_assessor")
