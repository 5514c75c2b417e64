"""The digital-capacity summary the surveys app writes onto an organization's profile."""

from django.db import transaction
from django.utils import translation

from orgs.models import Organization

from ..answers import display_value, stored_value
from ..models import Response, ResponseStatus, SurveyKind


@transaction.atomic
def organization_summary_refresh(*, organization_id):
    """Rewrite Organization.digital_summary from its latest submitted annual response, or clear
    it when the organization chose not to show that response. Safe to run any number of times."""
    latest = (
        Response.objects.filter(
            organization_id=organization_id,
            survey__kind=SurveyKind.ANNUAL,
            status=ResponseStatus.SUBMITTED,
        )
        .select_related("survey")
        .order_by("-survey__edition", "-submitted_at")
        .first()
    )
    summary = None
    if latest is not None and latest.show_on_profile:
        answers = (
            latest.answers.filter(question__in_profile_summary=True)
            .select_related("question")
            .prefetch_related("question__choices")
            .order_by("question__position", "question_id")
        )
        items = []
        for answer in answers:
            question = answer.question
            choices = list(question.choices.all())
            value = stored_value(answer)
            with translation.override("zh-hans"):
                answer_zh = display_value(question, value, {c.value: c.label_zh for c in choices})
            with translation.override("en"):
                answer_en = display_value(question, value, {c.value: c.label_en or c.label_zh for c in choices})
            items.append(
                {
                    "key": question.key,
                    "question_zh": question.text_zh,
                    "question_en": question.text_en,
                    "answer_zh": answer_zh,
                    "answer_en": answer_en,
                }
            )
        summary = {
            "survey_zh": latest.survey.title_zh,
            "survey_en": latest.survey.title_en,
            "edition": latest.survey.edition,
            "items": items,
        }
    Organization.objects.filter(pk=organization_id).update(digital_summary=summary)
    return summary
