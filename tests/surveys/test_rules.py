"""Role × action in the surveys app: the permission rules, and the write paths (answering on the
page and by autosave, opening and closing, exporting) for every role."""

import pytest
from django.core.exceptions import PermissionDenied

from surveys.models import Response
from surveys.services.lifecycle import survey_set_status
from tests.orgs.factories import OrganizationFactory
from tests.roles import ROLES, make_user, sign_in

from .factories import SurveyFactory, full_survey

pytestmark = pytest.mark.django_db

MEMBERS = {"member", "owner"}
SIGNED_IN = sorted(set(ROLES) - {"anonymous"})


@pytest.fixture
def organization():
    return OrganizationFactory()


@pytest.fixture
def survey():
    return full_survey()[0]


@pytest.mark.parametrize("role", ROLES)
def test_surveys_permissions(role, organization):
    private = SurveyFactory(results_public=False)
    public = SurveyFactory(results_public=True)
    user = make_user(role, organization)
    assert user.has_perm("surveys.answer_for_organization", organization) == (role in MEMBERS)
    assert user.has_perm("surveys.view_results", public) is True
    assert user.has_perm("surveys.view_results", private) == (role == "trainer")
    assert user.has_perm("surveys.export_responses", private) == (role == "trainer")
    assert user.has_perm("surveys.change_survey") == (role == "trainer")


@pytest.mark.parametrize("role", ROLES)
def test_page_save_a_draft_for_the_organization(client, role, organization, survey):
    sign_in(client, make_user(role, organization))
    response = client.post(f"/en/surveys/{survey.slug}/{organization.slug}/", {"q-name": "小明"})
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if role in MEMBERS else 403)
    assert Response.objects.filter(organization=organization).exists() == (role in MEMBERS)


@pytest.mark.parametrize("role", ROLES)
def test_autosave_for_the_organization(client, role, organization, survey):
    sign_in(client, make_user(role, organization))
    response = client.post(f"/en/surveys/{survey.slug}/{organization.slug}/autosave/", {"q-name": "小明"})
    assert response.status_code == (200 if role in MEMBERS else 403)
    assert Response.objects.filter(organization=organization).exists() == (role in MEMBERS)


@pytest.mark.parametrize("role", ROLES)
def test_export_responses(client, role, organization, survey):
    sign_in(client, make_user(role, organization))
    response = client.get(f"/en/surveys/{survey.slug}/export.csv")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (200 if role == "trainer" else 403)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_open_a_survey(role, organization):
    draft = SurveyFactory(status="draft")
    user = make_user(role, organization)
    if role == "trainer":
        survey_set_status(survey=draft, user=user, status="open")
    else:
        with pytest.raises(PermissionDenied):
            survey_set_status(survey=draft, user=user, status="open")
    draft.refresh_from_db()
    assert (draft.status == "open") == (role == "trainer")
