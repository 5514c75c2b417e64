"""Opening and closing surveys, along the declared status-transition map."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import SURVEY_TRANSITIONS, Survey, SurveyStatus


@transaction.atomic
def survey_set_status(*, survey, user, status):
    """Staff who may change surveys open a draft, close an open survey or reopen a closed one."""
    if not user.has_perm("surveys.change_survey"):
        raise PermissionDenied(_("You are not allowed to open or close surveys."))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if status not in SURVEY_TRANSITIONS.get(survey.status, set()):
        raise ValidationError(
            _("A survey that is %(current)s cannot become %(new)s.")
            % {"current": survey.get_status_display(), "new": SurveyStatus(status).label}
        )
    survey.status = status
    survey.save(update_fields=["status"])
    return survey
