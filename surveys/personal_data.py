"""Survey responses a person started or submitted for an organization (registered with
common.personal_data). A response is the organization's answer, so deleting the person keeps it."""

from django.db.models import Q
from django.utils.translation import gettext as _

from common.personal_data import register

from .models import Response

EXPORT_LIMIT = 200  # responses, each with its answers


def _iso(value):
    return value.isoformat() if value else None


def export_responses(user):
    responses = (Response.objects.filter(Q(started_by=user) | Q(submitted_by=user))
                 .select_related("survey", "organization").prefetch_related("answers__question")
                 .order_by("-pk")[:EXPORT_LIMIT])
    return [
        {"survey": str(response.survey), "organization": response.organization.name, "status": response.status,
         "you_started_it": response.started_by_id == user.pk, "you_submitted_it": response.submitted_by_id == user.pk,
         "answers": {
             answer.question.key: {"choices": answer.choices, "number": str(answer.number)
                                   if answer.number is not None else None, "boolean": answer.boolean,
                                   "text": answer.text}
             for answer in response.answers.all()
         }}
        for response in responses
    ]


def erase_responses(user):
    started = Response.objects.filter(started_by=user).update(started_by=None)
    submitted = Response.objects.filter(submitted_by=user).update(submitted_by=None)
    count = max(started, submitted)
    if not count:
        return []
    return [_("Survey responses kept as your organization's answers, without your name: %(count)d.")
            % {"count": count}]


register(name="survey_responses", export=export_responses, erase=erase_responses, order=50)
