"""On-the-ground evaluation: assessors assigned to an organization record a visit; a lead assessor
approves it before it counts."""

from django.conf import settings
from django.contrib.admin import display as admin_display
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedTextField
from common.validators import reject_html, validate_attachment
from orgs.models import Organization


class AssessorAssignment(models.Model):
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="assessor_assignments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.CASCADE,
                                 related_name="assessments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")
        constraints = [models.UniqueConstraint(fields=["organization", "assessor"], name="assignment_once")]

    def __str__(self):
        return f"{self.assessor} → {self.organization}"


class FieldEvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned to the assessor")


def level_field(label):
    return models.PositiveSmallIntegerField(label, help_text=_("0 to 5, by the published rubric"))


class FieldEvaluation(models.Model):
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="field_evaluations")
    # An approved visit stays when its assessor deletes their account: "a former assessor" (PIPL).
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.SET_NULL,
                                 null=True, related_name="field_evaluations")
    visit_date = models.DateField(_("date of the visit"))
    score_public_trust = level_field(_("public trust"))
    score_financial = level_field(_("financial management"))
    score_influence = level_field(_("social influence"))
    evidence = BoundedTextField(_("evidence notes"), max_length=10000, validators=[reject_html])
    recommendation = BoundedTextField(_("recommendation"), blank=True, max_length=5000, validators=[reject_html])
    status = models.CharField(_("status"), max_length=10, choices=FieldEvaluationStatus.choices,
                              default=FieldEvaluationStatus.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    review_note = models.CharField(_("lead assessor's note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("field evaluation")
        verbose_name_plural = _("field evaluations")
        ordering = ["-visit_date"]
        constraints = [
            *[
                models.CheckConstraint(condition=models.Q(**{f"{name}__lte": 5}), name=f"field_{name}_0_to_5")
                for name in ("score_public_trust", "score_financial", "score_influence")
            ],
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_at__isnull=False),
                name="field_approved_has_approver",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "visit_date"], name="field_org_status_date"),
            models.Index(fields=["approved_at"], name="field_approved"),  # the recompute sweep
        ]

    def __str__(self):
        return f"{self.organization} {self.visit_date}"

    @property
    @admin_display(description=_("assessor"))
    def assessor_name(self):
        return str(self.assessor) if self.assessor_id else _("a former assessor")


class FieldEvaluationAttachment(models.Model):
    evaluation = models.ForeignKey(FieldEvaluation, verbose_name=_("field evaluation"), on_delete=models.CASCADE,
                                   related_name="attachments")
    file = models.FileField(_("file"), upload_to="evaluations/%Y/", validators=[validate_attachment],
                            help_text=_("PDF, JPEG or PNG, at most 10 MB."))
    description = models.CharField(_("description"), max_length=200, blank=True, validators=[reject_html])

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.description or self.file.name
