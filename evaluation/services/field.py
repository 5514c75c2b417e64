"""Field evaluations: recorded by an assigned assessor, counted once a lead assessor approves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AssessorAssignment, FieldEvaluation, FieldEvaluationStatus
from .recompute import schedule_recompute


@transaction.atomic
def assessor_assign(*, organization, assessor, user):
    if not user.has_perm("evaluation.approve_field_evaluation"):
        raise PermissionDenied(_("Only lead assessors assign assessors."))
    if not assessor.groups.filter(name="assessors").exists():
        raise ValidationError(_("%(user)s is not an assessor.") % {"user": assessor})
    assignment, _created = AssessorAssignment.objects.get_or_create(
        organization=organization, assessor=assessor, defaults={"assigned_by": user})
    return assignment


@transaction.atomic
def field_evaluation_submit(*, evaluation, user):
    """The assigned assessor sends a recorded visit for approval."""
    evaluation = FieldEvaluation.objects.select_for_update().select_related("organization").get(pk=evaluation.pk)
    if evaluation.assessor_id != user.pk or not user.has_perm("evaluation.record_field_evaluation",
                                                              evaluation.organization):
        raise PermissionDenied(_("Only the assessor assigned to this organization submits the visit."))
    if evaluation.status not in (FieldEvaluationStatus.DRAFT, FieldEvaluationStatus.RETURNED):
        raise ValidationError(_("This visit was already submitted."))
    if evaluation.visit_date > timezone.localdate():
        raise ValidationError({"visit_date": _("The visit cannot be in the future.")})
    evaluation.full_clean()
    evaluation.status = FieldEvaluationStatus.SUBMITTED
    evaluation.save(update_fields=["status"])
    return evaluation


@transaction.atomic
def field_evaluation_review(*, evaluation, user, approve, note=""):
    """A lead assessor (not the visit's own assessor) approves the visit, or returns it."""
    if not user.has_perm("evaluation.approve_field_evaluation"):
        raise PermissionDenied(_("Only lead assessors approve field evaluations."))
    evaluation = FieldEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.assessor_id == user.pk:
        raise PermissionDenied(_("Another lead assessor must approve your own visit."))
    if evaluation.status != FieldEvaluationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted visit can be approved or returned."))
    evaluation.review_note = note
    if approve:
        evaluation.status = FieldEvaluationStatus.APPROVED
        evaluation.approved_by, evaluation.approved_at = user, timezone.now()
    else:
        evaluation.status = FieldEvaluationStatus.RETURNED
    evaluation.save(update_fields=["status", "approved_by", "approved_at", "review_note"])
    if approve:
        schedule_recompute(evaluation.organization_id)
    return evaluation
