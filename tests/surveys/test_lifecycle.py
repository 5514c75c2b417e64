"""Opening and closing surveys: the admin actions go through the service and its transition map."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from surveys.models import Survey
from surveys.services.lifecycle import survey_set_status
from tests.orgs.factories import UserFactory

from .factories import SurveyFactory

pytestmark = pytest.mark.django_db

URL = "/en/admin/surveys/survey/"


@pytest.fixture
def trainer():
    return UserFactory(groups=["trainers"], is_staff=True)


@pytest.mark.parametrize(
    "current, new, allowed",
    [
        ("draft", "open", True),
        ("draft", "closed", False),  # a survey nobody could answer is not "closed"
        ("open", "closed", True),
        ("closed", "open", True),  # reopened, say to extend the deadline
        ("open", "open", False),
        ("closed", "draft", False),
        ("open", "draft", False),
    ],
)
def test_status_changes_follow_the_transition_map(trainer, current, new, allowed):
    survey = SurveyFactory(status=current)
    if allowed:
        survey_set_status(survey=survey, user=trainer, status=new)
    else:
        with pytest.raises(ValidationError):
            survey_set_status(survey=survey, user=trainer, status=new)
    survey.refresh_from_db()
    assert survey.status == (new if allowed else current)


@pytest.mark.parametrize("role", ["registered", "moderators", "funders"])
def test_only_staff_who_change_surveys_open_them(role):
    user = UserFactory(groups=[] if role == "registered" else [role])
    survey = SurveyFactory(status="draft")
    with pytest.raises(PermissionDenied):
        survey_set_status(survey=survey, user=user, status="open")
    assert Survey.objects.get(pk=survey.pk).status == "draft"


def test_the_admin_actions_report_refusals_and_change_only_what_the_map_allows(client, trainer):
    draft, open_, closed = SurveyFactory(status="draft"), SurveyFactory(status="open"), SurveyFactory(status="closed")
    client.force_login(trainer)
    page = client.post(URL, {"action": "close_surveys", "_selected_action": [draft.pk, open_.pk, closed.pk]},
                       follow=True)
    statuses = dict(Survey.objects.values_list("pk", "status"))
    assert (statuses[draft.pk], statuses[open_.pk], statuses[closed.pk]) == ("draft", "closed", "closed")
    assert "cannot become" in page.content.decode()
    client.post(URL, {"action": "open_surveys", "_selected_action": [draft.pk]})
    assert Survey.objects.get(pk=draft.pk).status == "open"


def test_the_status_is_not_edited_on_the_survey_page(client, trainer):
    survey = SurveyFactory(status="draft")
    client.force_login(trainer)
    page = client.get(f"{URL}{survey.pk}/change/").content.decode()
    assert 'name="status"' not in page
