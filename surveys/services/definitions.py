"""Importing a survey definition from a workbook: the checked plan (surveys.spreadsheet) saved as a
new draft survey in one transaction, so a bad file, or a race for the same slug, creates nothing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Choice, Question, Section, Survey
from ..spreadsheet.validation import DefinitionPlan, definition_plan


def survey_definition_from_xlsx(*, file, slug=None) -> Survey:
    """A new draft survey from a workbook made by `survey_definition_to_xlsx` (or by hand).

    `file` is an uploaded file, any binary file object, or bytes; `slug` replaces the sheet's slug.
    Raises ValidationError listing every problem ("questions, row 7: …"); then nothing is created.
    """
    return _create(definition_plan(file=file, slug=slug))


def _create(plan: DefinitionPlan) -> Survey:
    survey, sections, plans = plan.survey, plan.sections, plan.questions
    try:
        with transaction.atomic():
            survey.save()
            for _cells, section in sections:
                section.survey = survey
            Section.objects.bulk_create([section for _cells, section in sections])
            questions = [question_plan.question for question_plan in plans]
            for question in questions:
                question.survey = survey
            Question.objects.bulk_create(questions)  # sections have ids now; conditions need these ids
            conditional = []
            for question_plan in plans:
                if question_plan.condition is not None:
                    question_plan.question.show_if_question = question_plan.condition.question
                    conditional.append(question_plan.question)
            Question.objects.bulk_update(conditional, ["show_if_question"])
            choices = []
            for question_plan in plans:
                for _cells, choice in question_plan.choices:
                    choice.question = question_plan.question
                    choices.append(choice)
            Choice.objects.bulk_create(choices)
    except IntegrityError as exc:
        # The slug was checked before; only a simultaneous import of the same slug gets here.
        if not Survey.objects.filter(slug=survey.slug).exists():
            raise
        raise ValidationError(
            _("A survey with the address %(slug)s already exists.") % {"slug": survey.slug}
        ) from exc
    return survey
