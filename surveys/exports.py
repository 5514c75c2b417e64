"""Responses as CSV (UTF-8 with BOM, so Excel shows the Chinese) or XLSX, streamed."""

import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .answers import display_value, stored_value
from .models import Response, ResponseStatus
from .selectors import survey_questions

CHUNK = 500


def _header(questions, personal):
    header = [_("Response"), _("Organization"), _("Web address"), _("Kind"), _("Province"), _("Region"), _("Submitted")]
    if personal:
        header += [_("Submitted by"), _("Invitation sent to")]
    return header + [question.key for question in questions]


def _rows(survey, questions, personal):
    labels = {q.pk: {c.value: c.label for c in q.choices.all()} for q in questions}
    responses = (
        Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
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
            organization.slug,
            organization.get_kind_display(),
            organization.province.localized_name,
            organization.province.get_region_display(),
            timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
        ]
        if personal:
            row += [
                response.submitted_by.email if response.submitted_by else "",
                response.invitation.email if response.invitation else "",
            ]
        row += [display_value(q, answers.get(q.pk), labels[q.pk]) for q in questions]
        yield row


class _Echo:
    def write(self, value):
        return value


def _filename(survey, extension):
    return f"{survey.slug}-responses-{timezone.localdate().isoformat()}.{extension}"


def responses_csv_response(*, survey, personal):
    questions = survey_questions(survey=survey)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # byte order mark: Excel then reads the file as UTF-8
        yield writer.writerow(_header(questions, personal))
        for row in _rows(survey, questions, personal):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "csv")}"'
    return response


def responses_xlsx_response(*, survey, personal):
    questions = survey_questions(survey=survey)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Responses")[:31])
    sheet.append(_header(questions, personal))
    for row in _rows(survey, questions, personal):
        sheet.append(row)
    questions_sheet = workbook.create_sheet(title=_("Questions")[:31])
    questions_sheet.append([_("Key"), _("Question"), _("Type")])
    for question in questions:
        questions_sheet.append([question.key, question.text, question.get_type_display()])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "xlsx")}"'
    workbook.save(response)
    return response
