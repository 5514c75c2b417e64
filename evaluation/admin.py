"""Admin of the evaluation: ratings to moderate (bursts, flags), field visits to approve,
assessor assignments, self-evaluation points, scores."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import (
    AnswerPoints,
    AssessorAssignment,
    FieldEvaluation,
    FieldEvaluationAttachment,
    FieldEvaluationStatus,
    Rating,
    RatingFlag,
    RatingStatus,
    TrustScore,
)
from .rules import LEAD_ASSESSORS
from .services.field import field_evaluation_review, field_evaluation_submit
from .services.points import answer_points_save
from .services.ratings import rating_moderate


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


def _report(modeladmin, request, objects, apply):
    done = 0
    for obj in objects:
        try:
            apply(obj)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                    messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(count)s done.") % {"count": done}, messages.SUCCESS)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["organization", "user", "public_trust", "financial", "influence", "status", "from_match",
                    "updated_at"]
    list_filter = ["status", "from_match"]
    search_fields = ["organization__name", "user__email", "comment"]
    list_select_related = ["organization", "user"]
    readonly_fields = [field.name for field in Rating._meta.fields]
    actions = ["count_ratings", "hide_ratings"]

    @admin.action(description=_("Count the selected ratings (release held ones)"), permissions=["change"])
    def count_ratings(self, request, queryset):
        _report(self, request, queryset, lambda rating: rating_moderate(rating=rating, user=request.user,
                                                                         status=RatingStatus.VISIBLE))

    @admin.action(description=_("Hide the selected ratings (with a reason)"), permissions=["change"])
    def hide_ratings(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(request, "admin/confirm_with_reason.html", {
                **self.admin_site.each_context(request), "title": _("Hide ratings"), "form": form,
                "queryset": queryset, "action": "hide_ratings", "opts": self.model._meta,
            })
        _report(self, request, queryset, lambda rating: rating_moderate(
            rating=rating, user=request.user, status=RatingStatus.HIDDEN, reason=form.cleaned_data["reason"]))
        return None

    def has_add_permission(self, request):
        return False


@admin.register(RatingFlag)
class RatingFlagAdmin(admin.ModelAdmin):
    list_display = ["rating", "reason", "flagged_by", "resolved", "created_at"]
    list_filter = ["resolved"]
    list_select_related = ["rating__organization", "rating__user", "flagged_by"]
    readonly_fields = ["rating", "reason", "flagged_by", "created_at"]


class AttachmentInline(admin.TabularInline):
    model = FieldEvaluationAttachment
    extra = 1


@admin.register(FieldEvaluation)
class FieldEvaluationAdmin(admin.ModelAdmin):
    list_display = ["organization", "assessor", "visit_date", "status", "approved_by"]
    list_filter = ["status"]
    search_fields = ["organization__name"]
    list_select_related = ["organization", "assessor", "approved_by"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["assessor", "status", "approved_by", "approved_at", "review_note", "created_at"]
    inlines = [AttachmentInline]
    actions = ["submit_for_approval", "approve", "return_to_assessor"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or request.user.groups.filter(name=LEAD_ASSESSORS).exists():
            return queryset
        return queryset.filter(assessor=request.user)  # assessors see their own visits

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization" and not request.user.is_superuser:
            # An assessor records visits only to the organizations assigned to them.
            kwargs["queryset"] = db_field.related_model.objects.filter(assessor_assignments__assessor=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.assessor = request.user
        if obj.status == FieldEvaluationStatus.APPROVED:
            raise PermissionDenied(_("An approved visit is not changed."))
        if not request.user.has_perm("evaluation.record_field_evaluation", obj.organization):
            raise PermissionDenied(_("You are not assigned to this organization."))
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Submit for approval"), permissions=["change"])
    def submit_for_approval(self, request, queryset):
        _report(self, request, queryset, lambda evaluation: field_evaluation_submit(evaluation=evaluation,
                                                                                     user=request.user))

    @admin.action(description=_("Approve (lead assessors)"), permissions=["change"])
    def approve(self, request, queryset):
        _report(self, request, queryset, lambda evaluation: field_evaluation_review(evaluation=evaluation,
                                                                                     user=request.user, approve=True))

    @admin.action(description=_("Return to the assessor (lead assessors)"), permissions=["change"])
    def return_to_assessor(self, request, queryset):
        _report(self, request, queryset, lambda evaluation: field_evaluation_review(evaluation=evaluation,
                                                                                     user=request.user, approve=False))


@admin.register(AssessorAssignment)
class AssessorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["organization", "assessor", "assigned_by", "created_at"]
    list_select_related = ["organization", "assessor", "assigned_by"]
    autocomplete_fields = ["organization", "assessor"]
    search_fields = ["organization__name", "assessor__email"]

    def save_model(self, request, obj, form, change):
        if not request.user.has_perm("evaluation.approve_field_evaluation"):
            raise PermissionDenied(_("Only lead assessors assign assessors."))
        obj.assigned_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AnswerPoints)
class AnswerPointsAdmin(admin.ModelAdmin):
    list_display = ["survey", "question_key", "answer_value", "min_number", "dimension", "points"]
    list_filter = ["survey", "dimension"]
    list_select_related = ["survey"]

    def save_model(self, request, obj, form, change):
        # The form has already run AnswerPoints.clean (unknown question keys are refused there).
        answer_points_save(points=obj, user=request.user)


@admin.register(TrustScore)
class TrustScoreAdmin(admin.ModelAdmin):
    list_display = ["organization", "overall", "grade", "confidence", "public_trust", "financial", "influence",
                    "computed_at"]
    list_filter = ["grade", "confidence"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]
    readonly_fields = [field.name for field in TrustScore._meta.fields]

    def has_add_permission(self, request):
        return False
