"""Drafts, resuming, submitting, one response per organization, closing, invitations."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from orgs.models import Organization
from surveys.models import Answer, Invitation, Response
from surveys.services.responding import (
    Respondent,
    invitation_for_token,
    response_open,
    response_save_draft,
    response_submit,
)
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import COMPLETE, full_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    survey, questions = full_survey()
    member = UserFactory()
    organization = MembershipFactory(user=member).organization
    return survey, questions, organization, Respondent(user=member)


def test_drafts_keep_valid_answers_and_report_the_others(setup):
    survey, questions, organization, respondent = setup
    response = response_open(survey=survey, organization=organization, respondent=respondent)
    errors = response_save_draft(response=response, respondent=respondent,
                                 raw_answers={"staff": "12", "confidence": "9", "access": "mobile"})
    assert list(errors) == ["confidence"]
    saved = {a.question.key: a for a in response.answers.select_related("question")}
    assert set(saved) == {"staff", "access"}
    assert saved["access"].choices == ["mobile"]


def test_resume_from_another_device_finds_the_same_draft(setup):
    survey, questions, organization, respondent = setup
    first = response_open(survey=survey, organization=organization, respondent=respondent)
    response_save_draft(response=first, respondent=respondent, raw_answers={"staff": "3"})
    colleague = UserFactory()
    MembershipFactory(user=colleague, organization=organization, role="editor")
    again = response_open(survey=survey, organization=organization, respondent=Respondent(user=colleague))
    assert again.pk == first.pk
    assert again.answers.get().number == 3


def test_submit_checks_every_required_answer_and_keeps_the_draft(setup):
    survey, questions, organization, respondent = setup
    response = response_open(survey=survey, organization=organization, respondent=respondent)
    with pytest.raises(ValidationError) as error:
        response_submit(response=response, respondent=respondent, raw_answers={"staff": "5", "has_site": "yes"})
    missing = set(error.value.message_dict)
    assert missing == {"access", "uses", "confidence", "site_updates"}
    response.refresh_from_db()
    assert response.status == "draft"
    assert response.answers.count() == 2  # what was valid is kept


def test_hidden_questions_are_not_required_and_their_answers_are_dropped(setup):
    survey, questions, organization, respondent = setup
    response = response_open(survey=survey, organization=organization, respondent=respondent)
    response_save_draft(response=response, respondent=respondent, raw_answers={"site_updates": "weekly"})
    answers = {**COMPLETE, "has_site": "no"}
    answers.pop("site_updates")
    response_submit(response=response, respondent=respondent, raw_answers=answers)
    response.refresh_from_db()
    assert response.status == "submitted" and response.submitted_at is not None
    assert not response.answers.filter(question__key="site_updates").exists()


def test_submitted_response_changes_whole_or_not_at_all(setup):
    survey, questions, organization, respondent = setup
    response = response_open(survey=survey, organization=organization, respondent=respondent)
    response_submit(response=response, respondent=respondent, raw_answers=COMPLETE)
    with pytest.raises(ValidationError):
        response_submit(response=response, respondent=respondent, raw_answers={"staff": "20", "confidence": "99"})
    assert Answer.objects.get(response=response, question__key="staff").number == 12
    with pytest.raises(ValidationError, match="submitted"):
        response_save_draft(response=response, respondent=respondent, raw_answers={"staff": "20"})
    response_submit(response=response, respondent=respondent, raw_answers={**COMPLETE, "staff": "20"})
    assert Answer.objects.get(response=response, question__key="staff").number == 20


def test_one_response_per_organization_in_the_database(setup):
    from django.db import IntegrityError, transaction

    survey, questions, organization, respondent = setup
    response_open(survey=survey, organization=organization, respondent=respondent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, organization=organization)


def test_non_members_and_unverified_members_cannot_answer(setup):
    survey, questions, organization, respondent = setup
    with pytest.raises(PermissionDenied):
        response_open(survey=survey, organization=organization, respondent=Respondent(user=UserFactory()))
    unverified = UserFactory(verified=False)
    MembershipFactory(user=unverified, organization=organization, role="editor")
    with pytest.raises(PermissionDenied):
        response_open(survey=survey, organization=organization, respondent=Respondent(user=unverified))


def test_answers_after_closing_are_refused_and_nothing_changes(setup):
    survey, questions, organization, respondent = setup
    response = response_open(survey=survey, organization=organization, respondent=respondent)
    response_save_draft(response=response, respondent=respondent, raw_answers={"staff": "3"})
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.save()
    with pytest.raises(ValidationError, match="closed"):
        response_submit(response=response, respondent=respondent, raw_answers=COMPLETE)
    with pytest.raises(ValidationError, match="closed"):
        response_save_draft(response=response, respondent=respondent, raw_answers={"staff": "4"})
    assert response.answers.get().number == 3


def test_invitation_token_answers_for_its_organization_only(setup):
    survey, questions, organization, respondent = setup
    invitation = Invitation.objects.create(survey=survey, organization=organization, email="a@example.org")
    holder = Respondent(invitation=invitation_for_token(invitation.token))
    response = response_open(survey=survey, organization=organization, respondent=holder)
    response_submit(response=response, respondent=holder, raw_answers=COMPLETE)
    assert Response.objects.get().invitation == invitation
    other = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        response_open(survey=survey, organization=other, respondent=holder)


@pytest.mark.parametrize("token", ["", "forged-token", "x" * 500])
def test_forged_tokens_are_refused(token):
    with pytest.raises(PermissionDenied, match="not valid"):
        invitation_for_token(token)


def test_profile_summary_follows_the_organizations_choice(setup):
    survey, questions, organization, respondent = setup
    response = response_open(survey=survey, organization=organization, respondent=respondent)
    response_submit(response=response, respondent=respondent, raw_answers=COMPLETE, show_on_profile=True)
    summary = Organization.objects.get(pk=organization.pk).digital_summary
    assert summary["edition"] == 2026
    assert [(i["key"], i["answer_zh"], i["answer_en"]) for i in summary["items"]] == [("has_site", "是", "Yes")]
    response_submit(response=response, respondent=respondent, raw_answers=COMPLETE, show_on_profile=False)
    assert Organization.objects.get(pk=organization.pk).digital_summary is None
