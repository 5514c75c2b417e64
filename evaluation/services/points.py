"""Points that self-evaluation answers carry: saved only for questions that exist, and copied
with the questionnaire into its next edition."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from surveys.models import SurveyKind

from ..models import AnswerPoints


@transaction.atomic
def answer_points_save(*, points, user):
    """Create or change one answer's points; refused for a question key the questionnaire lacks."""
    if not user.has_perm("evaluation.change_answerpoints"):
        raise PermissionDenied(_("You are not allowed to change self-evaluation points."))
    points.full_clean()
    points.save()
    return points


@transaction.atomic
def answer_points_copy_to_edition(*, source, copy):
    """Give the new edition of a self-evaluation questionnaire the points of the edition it was
    copied from, for every question key the copy still has. Returns how many were copied.

    The points belong to the evaluation, which the surveys app may not import, so this runs when
    the surveys app announces the new edition (surveys.signals.survey_edition_created; connected in
    evaluation.apps). Without it the newest self-evaluation would carry no points and count for
    nothing. A copy that already has points keeps them (the function can run twice safely)."""
    if source.kind != SurveyKind.SELF_EVALUATION or copy.answer_points.exists():
        return 0
    keys = set(copy.questions.values_list("key", flat=True))
    rows = [
        AnswerPoints(survey=copy, question_key=row.question_key, answer_value=row.answer_value,
                     min_number=row.min_number, dimension=row.dimension, points=row.points)
        for row in source.answer_points.order_by("pk") if row.question_key in keys
    ]
    AnswerPoints.objects.bulk_create(rows)
    return len(rows)


def on_survey_edition_created(sender, *, source, copy, **kwargs):
    answer_points_copy_to_edition(source=source, copy=copy)
