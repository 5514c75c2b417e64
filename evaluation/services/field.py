"""Field evaluations: recorded by an assigned assessor, counted once a lead assessor approves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.rules import is_assessor

from ..models import AssessorAssignment, FieldEvaluation, FieldEvaluationStatus
from .recompute import schedule_recompute

# What an assessor records about a visit; status, approval and the review note belong to the workflow.
VISIT_FIELDS = ("organization", "visit_date", "score_public_trust", "score_financial", "score_influence", "evidence",
                "recommendation")
# A visit changes only while it is with its assessor: a submitted one is frozen until a lead assessor
# approves it or sends it back, an approved one for good.
EDITABLE_STATUSES = (FieldEvaluationStatus.DRAFT, FieldEvaluationStatus.RETURNED)


@transaction.atomic
def assessor_assign(*, organization, assessor, user):
    if not user.has_perm("evaluation.approve_field_evaluation"):
        raise PermissionDenied(_("Only lead assessors assign assessors."))
    if not is_assessor.test(assessor):
        raise ValidationError(_("%(user)s is not an assessor.") % {"user": assessor})
    assignment, _created = AssessorAssignment.objects.get_or_create(
        organization=organization, assessor=assessor, defaults={"assigned_by": user})
    return assignment


def field_evaluation_edit_check(*, evaluation, user):
    """Refuse a change to a visit unless its own assessor, assigned to the organization, changes
    it while it is a draft or was sent back (the admin also asks this to show a visit read-only)."""
    if evaluation.status == FieldEvaluationStatus.APPROVED:
        raise ValidationError(_("An approved visit is not changed."))
    if evaluation.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A submitted visit is not changed until a lead assessor approves it or sends it back."))
    if evaluation.assessor_id is not None and evaluation.assessor_id != user.pk:
        raise PermissionDenied(_("Only the assessor who recorded the visit changes it."))
    if evaluation.organization_id is None or not user.has_perm("evaluation.record_field_evaluation",
                                                                evaluation.organization):
        raise PermissionDenied(_("You are not assigned to this organization."))


@transaction.atomic
def field_evaluation_save(*, evaluation=None, user, data):
    """An assigned assessor records a new visit (evaluation=None) or changes their draft."""
    if evaluation is None or evaluation.pk is None:
        evaluation = FieldEvaluation(assessor=user)
    else:
        evaluation = FieldEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        field_evaluation_edit_check(evaluation=evaluation, user=user)  # as it is now, before the change
    for name in VISIT_FIELDS:
        if name in data:
            setattr(evaluation, name, data[name])
    field_evaluation_edit_check(evaluation=evaluation, user=user)  # and for the organization it names
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def field_evaluation_attachments_check(*, evaluation, user):
    """Refuse adding, changing or removing a visit's attachments unless the visit may change."""
    evaluation = FieldEvaluation.objects.select_for_update().select_related("organization").get(pk=evaluation.pk)
    field_evaluation_edit_check(evaluation=evaluation, user=user)
    return evaluation


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
