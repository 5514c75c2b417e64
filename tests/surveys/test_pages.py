"""Survey pages: answering as a member or by link, autosave, closed surveys, results, admin."""

import datetime

import pytest
from django.utils import timezone

from surveys.models import Invitation, Response, Survey
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import COMPLETE, full_survey

pytestmark = pytest.mark.django_db


def form(answers):
    data = {}
    for key, value in answers.items():
        data[f"q-{key}"] = value
        data[f"q-{key}-present"] = "1"
    return data


@pytest.fixture
def member_page(client):
    survey, questions = full_survey()
    member = UserFactory()
    organization = MembershipFactory(user=member).organization
    client.force_login(member)
    return client, survey, organization, f"/en/surveys/{survey.slug}/{organization.slug}/"


def test_member_saves_a_draft_and_submits(member_page, django_assert_max_num_queries):
    client, survey, organization, url = member_page
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    client.post(url, {**form({"staff": "7"}), "action": "save"})
    page = client.get(url).content.decode()
    assert 'name="q-staff" value="7"' in page
    done = client.post(url, {**form(COMPLETE), "action": "submit"}, follow=True)
    assert "the answers were submitted" in done.content.decode()
    assert Response.objects.get(organization=organization).status == "submitted"


def test_bad_answers_come_back_with_messages_and_what_was_typed(member_page):
    client, survey, organization, url = member_page
    response = client.post(url, {**form({**COMPLETE, "staff": "lots"}), "action": "submit"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a number" in body and 'value="lots"' in body
    assert Response.objects.get(organization=organization).status == "draft"


def test_autosave_endpoint_saves_one_answer_and_reports_errors(member_page):
    client, survey, organization, url = member_page
    ok = client.post(url + "autosave/", form({"access": "mobile"}))
    assert ok.status_code == 200 and "saved_at" in ok.json()
    bad = client.post(url + "autosave/", form({"confidence": "11"}))
    assert bad.status_code == 400 and "confidence" in bad.json()["errors"]
    assert Response.objects.get().answers.get().choices == ["mobile"]


def test_autosave_needs_membership(client):
    survey, _ = full_survey()
    organization = OrganizationFactory()
    client.force_login(UserFactory())
    response = client.post(f"/en/surveys/{survey.slug}/{organization.slug}/autosave/", form({"staff": "1"}))
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_invitation_link_works_without_an_account(client):
    survey, _ = full_survey()
    invitation = Invitation.objects.create(survey=survey, organization=OrganizationFactory(), email="o@example.org")
    url = f"/en/surveys/i/{invitation.token}/"
    assert client.get(url).status_code == 200
    client.post(url + "autosave/", form({"staff": "3"}))
    client.post(url, {**form(COMPLETE), "action": "submit"})
    assert Response.objects.get().status == "submitted"


def test_forged_invitation_link_is_a_clear_404(client):
    response = client.get("/en/surveys/i/not-a-real-token/")
    assert response.status_code == 404


def test_closed_survey_says_so_and_keeps_answers(member_page):
    client, survey, organization, url = member_page
    client.post(url, {**form({"staff": "7"}), "action": "save"})
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1),
                                               opens_on=timezone.localdate() - datetime.timedelta(days=30))
    response = client.post(url, {**form(COMPLETE), "action": "submit"})
    assert response.status_code == 410 and "closed" in response.content.decode()
    assert Response.objects.get().answers.get().number == 7


def test_results_are_for_staff_unless_public(client):
    survey, _ = full_survey(results_public=False)
    url = f"/en/surveys/{survey.slug}/results/"
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(groups=["trainers"]))
    assert client.get(url).status_code == 200
    client.logout()
    Survey.objects.filter(pk=survey.pk).update(results_public=True)
    assert client.get(url).status_code == 200


def test_results_page_queries_are_bounded(client, django_assert_max_num_queries):
    survey, questions = full_survey(results_public=True)
    for _ in range(10):
        Response.objects.create(survey=survey, organization=OrganizationFactory(), status="submitted",
                                submitted_at=timezone.now())
    with django_assert_max_num_queries(20):
        assert client.get(f"/en/surveys/{survey.slug}/results/?by=region").status_code == 200


def test_results_page_draws_charts(client):
    survey, questions = full_survey(results_public=True)
    body = client.get(f"/en/surveys/{survey.slug}/results/").content.decode()
    assert body.count('role="img"') >= 5


def test_organization_profile_shows_the_summary_it_chose_to_show(client):
    from surveys.services.responding import Respondent, response_open, response_submit

    survey, _ = full_survey()
    member = UserFactory()
    organization = MembershipFactory(user=member).organization
    response = response_open(survey=survey, organization=organization, respondent=Respondent(user=member))
    response_submit(response=response, respondent=Respondent(user=member), raw_answers=COMPLETE, show_on_profile=True)
    body = client.get(f"/en/orgs/{organization.slug}/").content.decode()
    assert "Digital capacity" in body and "Yes" in body


def test_admin_copies_a_survey_to_the_next_edition(client):
    survey, questions = full_survey(edition=2025, slug="internet-2025")
    client.force_login(UserFactory(groups=["trainers"], is_staff=True))
    client.post("/en/admin/surveys/survey/", {"action": "copy_to_new_edition", "_selected_action": [survey.pk]})
    copy = Survey.objects.get(slug="internet-2026")
    assert copy.edition == 2026 and copy.status == "draft"
    assert list(copy.questions.values_list("key", flat=True)) == list(survey.questions.values_list("key", flat=True))
    conditional = copy.questions.get(key="site_updates")
    assert conditional.show_if_question.survey == copy
    assert list(conditional.choices.values_list("value", flat=True)) == ["weekly", "rarely"]


def test_admin_invites_published_organizations(client):
    survey, _ = full_survey()
    OrganizationFactory(contact_email="a@example.org", province_id="530000", city_id="530100", county_id="530102",
                        location=None)
    OrganizationFactory(contact_email="b@example.org")
    client.force_login(UserFactory(groups=["trainers"], is_staff=True))
    url = "/en/admin/surveys/survey/"
    page = client.post(url, {"action": "invite_organizations", "_selected_action": [survey.pk]})
    assert page.status_code == 200 and "Send invitations" in page.content.decode()
    client.post(url, {"action": "invite_organizations", "_selected_action": [survey.pk], "apply": "1",
                      "province": ["530000"]})
    assert list(Invitation.objects.values_list("email", flat=True)) == ["a@example.org"]


def test_admin_imports_an_exported_definition(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from surveys.spreadsheet import survey_definition_to_xlsx

    survey, _ = full_survey()
    client.force_login(UserFactory(groups=["trainers"], is_staff=True))
    upload = SimpleUploadedFile("s.xlsx", survey_definition_to_xlsx(survey=survey))
    response = client.post("/en/admin/surveys/survey/import/", {"file": upload, "slug": "imported"})
    assert response.status_code == 302
    assert Survey.objects.get(slug="imported").questions.count() == survey.questions.count()
    bad = client.post("/en/admin/surveys/survey/import/", {"file": SimpleUploadedFile("x.xlsx", b"not excel")})
    assert bad.status_code == 200 and Survey.objects.count() == 2
