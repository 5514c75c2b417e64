"""Who may answer surveys, see results and export them."""

import rules

from orgs.rules import is_org_member, is_trainer, is_verified

from .models import SurveyStatus


@rules.predicate
def results_are_public(user, survey):
    return survey is not None and survey.results_public and survey.status != SurveyStatus.DRAFT


has_results_permission = rules.is_superuser | rules.predicate(
    lambda user: user.is_authenticated and user.has_perm("surveys.view_survey_results")
)

# An organization is answered for by its verified members (invitation links are checked by token).
can_answer_for_organization = is_verified & is_org_member
can_view_results = results_are_public | (is_verified & (has_results_permission | is_trainer))
can_export_responses = is_verified & (has_results_permission | is_trainer)

rules.add_perm("surveys.answer_for_organization", can_answer_for_organization)
rules.add_perm("surveys.view_results", can_view_results)
rules.add_perm("surveys.export_responses", can_export_responses)
