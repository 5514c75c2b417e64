"""Answering a survey for an organization: drafts saved as one goes, submission checked whole."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from common.ratelimits import rate_limit

from ..answers import AnswerValue, parse_answer, stored_value, visible_question_ids
from ..models import Answer, Invitation, Response, ResponseStatus, SurveyStatus
from .summary import organization_summary_refresh


@dataclass(frozen=True)
class Respondent:
    """Who is answering: a signed-in member, or whoever holds the organization's invitation link."""

    user: object = None
    invitation: Invitation | None = None

    @property
    def user_or_none(self):
        return self.user if self.user is not None and self.user.is_authenticated else None


class SurveyClosed(ValidationError):
    pass


def _check_open(survey):
    if survey.status == SurveyStatus.DRAFT:
        raise SurveyClosed(_("This survey is not open yet."))
    if not survey.accepts_answers():
        if timezone.localdate() < survey.opens_on:
            raise SurveyClosed(
                _("This survey opens on %(date)s.") % {"date": formats.date_format(survey.opens_on)}
            )
        raise SurveyClosed(
            _("This survey closed on %(date)s; answers can no longer be changed.")
            % {"date": formats.date_format(survey.closes_on)}
        )


def _respondent_key(respondent):
    """Whose budget a save draws on: the signed-in person, else the invitation link."""
    if respondent.user_or_none is not None:
        return f"user:{respondent.user.pk}"
    return f"invitation:{respondent.invitation.pk}"


def _check_respondent(respondent, survey, organization):
    invitation = respondent.invitation
    if invitation is not None:
        if invitation.survey_id != survey.pk or invitation.organization_id != organization.pk:
            raise PermissionDenied(_("This invitation is for another survey or organization."))
        return
    user = respondent.user
    if user is None or not user.has_perm("surveys.answer_for_organization", organization):
        raise PermissionDenied(_("Only verified members of the organization can answer for it."))


def invitation_for_token(token):
    """The invitation behind a link, or a clear error for a forged or outdated one."""
    invitation = (
        Invitation.objects.select_related("survey", "organization").filter(token=token).first()
        if token and len(token) <= 64
        else None
    )
    if invitation is None:
        raise PermissionDenied(_("This invitation link is not valid. Check that it was copied whole."))
    return invitation


def response_open(*, survey, organization, respondent):
    """The organization's response to the survey, started as a draft if there is none yet."""
    _check_respondent(respondent, survey, organization)
    response = Response.objects.filter(survey=survey, organization=organization).first()
    if response is not None:
        return response
    _check_open(survey)
    try:
        with transaction.atomic():
            return Response.objects.create(
                survey=survey,
                organization=organization,
                started_by=respondent.user_or_none,
                invitation=respondent.invitation,
            )
    except IntegrityError:
        # Two members (or two tabs) started at once: the constraint kept one response; use it.
        return Response.objects.get(survey=survey, organization=organization)


def _questions(survey):
    return list(survey.questions.prefetch_related("choices").order_by("position", "id"))


def _choice_values(question):
    return {choice.value for choice in question.choices.all()}


def _parse_all(questions, raw_answers):
    """Parse what was sent; returns (values by question id, errors by key)."""
    values, errors = {}, {}
    for question in questions:
        if question.key not in raw_answers:
            continue
        try:
            values[question.pk] = parse_answer(question, raw_answers[question.key], _choice_values(question))
        except ValidationError as error:
            errors[question.key] = error.messages
    return values, errors


def _write(response, question, value):
    if value.is_empty:
        Answer.objects.filter(response=response, question=question).delete()
    else:
        Answer.objects.update_or_create(response=response, question=question, defaults=value.as_fields())


@transaction.atomic
def response_save_draft(*, response, respondent, raw_answers):
    """Save every answer that is valid; return the errors of the others (nothing valid is lost).

    A submitted response is changed only by submitting again, so it never holds a half edit.
    """
    response = Response.objects.select_for_update().select_related("survey", "organization").get(pk=response.pk)
    _check_respondent(respondent, response.survey, response.organization)
    rate_limit(group="survey_autosave", key=_respondent_key(respondent))
    _check_open(response.survey)
    if response.is_submitted:
        raise ValidationError(_("This response was submitted; change it and submit it again."))
    questions = _questions(response.survey)
    values, errors = _parse_all(questions, raw_answers)
    by_id = {question.pk: question for question in questions}
    for question_id, value in values.items():
        _write(response, by_id[question_id], value)
    response.save(update_fields=["updated_at"])
    return errors


def response_submit(*, response, respondent, raw_answers, show_on_profile=None):
    """Check every answer against its question; submit only if all is well.

    When the submission is refused, a draft still keeps its valid answers (nothing typed is
    lost), while a submitted response is replaced whole or not at all.
    """
    with transaction.atomic():
        errors = _submit_or_errors(response, respondent, raw_answers, show_on_profile)
    if errors:
        raise ValidationError(errors)
    return Response.objects.get(pk=response.pk)


def _submit_or_errors(response, respondent, raw_answers, show_on_profile):
    response = Response.objects.select_for_update().select_related("survey", "organization").get(pk=response.pk)
    survey = response.survey
    _check_respondent(respondent, survey, response.organization)
    _check_open(survey)
    questions = _questions(survey)
    stored = {answer.question_id: stored_value(answer) for answer in response.answers.all()}
    sent, errors = _parse_all(questions, raw_answers)
    values = {**stored, **sent}
    visible = visible_question_ids(questions, values)
    for question in questions:
        value = values.get(question.pk, AnswerValue())
        if question.pk in visible and question.required and value.is_empty and question.key not in errors:
            errors[question.key] = [_("This question needs an answer.")]
    if errors:
        if not response.is_submitted:
            for question in questions:
                if question.pk in sent:
                    _write(response, question, sent[question.pk])
            response.save(update_fields=["updated_at"])
        return errors
    for question in questions:
        # Answers to questions the conditions now hide are dropped: they no longer apply.
        value = values.get(question.pk, AnswerValue()) if question.pk in visible else AnswerValue()
        _write(response, question, value)
    if not response.is_submitted:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
    response.submitted_by = respondent.user_or_none
    if show_on_profile is not None:
        response.show_on_profile = show_on_profile
    response.save()
    organization_summary_refresh(organization_id=response.organization_id)
    return {}


@transaction.atomic
def response_set_show_on_profile(*, response, respondent, show):
    """The organization chooses whether its digital-capacity summary appears on its profile."""
    _check_respondent(respondent, response.survey, response.organization)
    response.show_on_profile = show
    response.save(update_fields=["show_on_profile", "updated_at"])
    organization_summary_refresh(organization_id=response.organization_id)
    return response
