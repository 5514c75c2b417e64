"""Copying last year's survey into a new edition, so questions keep their keys."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Choice, Section, Survey, SurveyStatus
from ..signals import survey_edition_created


def _shift_year(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def survey_copy_to_new_edition(*, survey, user, edition=None, slug=None):
    """A draft copy of `survey` for the next edition: sections, questions (same keys), choices
    and skip conditions; dates moved by the same number of years."""
    if not user.has_perm("surveys.add_survey"):
        raise PermissionDenied(_("You are not allowed to create surveys."))
    edition = edition or survey.edition + 1
    years = edition - survey.edition
    slug = slug or f"{survey.slug.removesuffix(str(survey.edition)).rstrip('-')}-{edition}"
    if Survey.objects.filter(slug=slug).exists():
        raise ValidationError(_("A survey with the address %(slug)s already exists.") % {"slug": slug})
    copy = Survey.objects.create(
        kind=survey.kind,
        slug=slug,
        edition=edition,
        title_zh=survey.title_zh.replace(str(survey.edition), str(edition)),
        title_en=survey.title_en.replace(str(survey.edition), str(edition)),
        intro_zh=survey.intro_zh,
        intro_en=survey.intro_en,
        opens_on=_shift_year(survey.opens_on, years),
        closes_on=_shift_year(survey.closes_on, years),
        status=SurveyStatus.DRAFT,
        reminder_offsets=list(survey.reminder_offsets),
        results_public=survey.results_public,
    )
    sections = {}
    for section in survey.sections.all():
        sections[section.pk] = Section.objects.create(
            survey=copy, position=section.position, title_zh=section.title_zh, title_en=section.title_en
        )
    questions = {}
    for question in survey.questions.prefetch_related("choices").order_by("position", "id"):
        old_pk = question.pk
        choices = list(question.choices.all())
        question.pk = None
        question.id = None
        question.survey = copy
        question.section = sections.get(question.section_id)
        condition = question.show_if_question_id
        question.show_if_question = questions.get(condition)
        question.save()
        questions[old_pk] = question
        Choice.objects.bulk_create(
            Choice(question=question, value=c.value, position=c.position, label_zh=c.label_zh, label_en=c.label_en)
            for c in choices
        )
    survey_edition_created.send(sender=Survey, source=survey, copy=copy)
    return copy


