"""What evaluation moves when two organizations merge: ratings, field visits, disclosures,
assessor assignments, funders' shortlists; then the survivor's trust score is recomputed
(orgs/services/merge.py)."""

from django.utils.translation import gettext as _

from orgs.services.merge import keep_rows, move_rows, register_mover

from .models import (
    AssessorAssignment,
    Disclosure,
    FieldEvaluation,
    Rating,
    RatingSummary,
    Shortlist,
    TrustScore,
    TrustScoreHistory,
)
from .services.recompute import schedule_recompute


def move_evaluation_rows(*, survivor, merged):
    result = move_rows(Rating.objects.all(), survivor=survivor, merged=merged, unique_with=("user",),
                       why=_("This person also rated the kept organization: that rating counts, this one "
                             "stays with the merged organization."))
    result.add(move_rows(FieldEvaluation.objects.all(), survivor=survivor, merged=merged))
    result.add(move_rows(Disclosure.objects.all(), survivor=survivor, merged=merged))
    result.add(move_rows(AssessorAssignment.objects.all(), survivor=survivor, merged=merged,
                         unique_with=("assessor",),
                         why=_("The assessor is also assigned to the kept organization.")))
    result.add(move_rows(Shortlist.objects.all(), survivor=survivor, merged=merged, unique_with=("user",),
                         why=_("The funder also shortlisted the kept organization.")))
    # Scores are computed, not moved: the merged organization keeps its old ones as a record,
    # and the survivor's are recomputed from everything it now has.
    why = _("The merged organization's own score; the kept organization's is recomputed.")
    for model in (TrustScore, TrustScoreHistory, RatingSummary):
        result.add(keep_rows(model.objects.all(), merged=merged, why=why))
    schedule_recompute(survivor.pk)
    return result


def register():
    register_mover(name="evaluation", move=move_evaluation_rows, order=40)
