"""Responses to a survey as a download (CSV streamed, or XLSX, through common.exports)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.exports import Column, Export, Sheet

from .answers import display_value, plain_number, stored_value
from .models import Response, ResponseStatus
from .selectors import survey_questions

CHUNK = 500


class ResponsesExport(Export):
    """Submitted responses, one row each and a column per question (its key); the XLSX has a
    second sheet with the questions' texts. Personal data (who submitted, who was invited) only
    for staff who may see it."""

    streaming = True  # a national survey has thousands of responses

    def __init__(self, *, survey, personal, request=None):
        super().__init__(request=request)
        self.survey = survey
        self.personal = personal
        self.filename = f"{survey.slug}-responses-{timezone.localdate().isoformat()}"

    def sheets(self):
        questions = survey_questions(survey=self.survey)
        columns = [
            Column(_("Response")), Column(_("Organization"), width=30), Column(_("Web address"), width=40, link=True),
            Column(_("Kind")), Column(_("Province")), Column(_("Region")), Column(_("Submitted"), width=17),
        ]
        if self.personal:
            columns += [Column(_("Submitted by"), width=28), Column(_("Invitation sent to"), width=28)]
        columns += [Column(question.key) for question in questions]
        yield Sheet(title=_("Responses"), columns=columns, rows=self._rows(questions))
        yield Sheet(
            title=_("Questions"),
            columns=[Column(_("Key"), width=22), Column(_("Question"), width=60, wrap=True), Column(_("Type"))],
            rows=([question.key, question.text, question.get_type_display()] for question in questions),
        )

    def _rows(self, questions):
        labels = {q.pk: {c.value: c.label for c in q.choices.all()} for q in questions}
        responses = (
            Response.objects.filter(survey=self.survey, status=ResponseStatus.SUBMITTED)
            .select_related("organization", "organization__province", "submitted_by", "invitation")
            .prefetch_related("answers")
            .order_by("submitted_at", "id")
        )
        for response in responses.iterator(chunk_size=CHUNK):
            organization = response.organization
            answers = {answer.question_id: stored_value(answer) for answer in response.answers.all()}
            row = [
                response.pk,
                organization.name,
                organization.get_absolute_url(),
                organization.get_kind_display(),
                organization.province.localized_name,
                organization.province.get_region_display(),
                timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
            ]
            if self.personal:
                row += [
                    response.submitted_by.email if response.submitted_by else "",
                    response.invitation.email if response.invitation else "",
                ]
            row += [_answer(q, answers.get(q.pk), labels[q.pk]) for q in questions]
            yield row


def _answer(question, value, labels):
    # A number answer stays a number, so a spreadsheet can sum it; the rest as shown on the site.
    if value is not None and not value.is_empty and value.number is not None:
        return Decimal(plain_number(value.number))
    return display_value(question, value, labels)
