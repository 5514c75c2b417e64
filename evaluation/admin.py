"""Admin of the evaluation: ratings to moderate (bursts, flags), field visits to approve,
assessor assignments, self-evaluation points, scores."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnswerPoints,
    Disclosure,
    DisclosureStatus,
    AssessorAssignment,
    FieldEvaluation,
    FieldEvaluationAttachment,
    Rating,
    RatingFlag,
    RatingStatus,
    TrustScore,
)
from orgs.rules import ASSESSORS

from .labels import confidence_label
from .rules import LEAD_ASSESSORS
from .services.field import (
    VISIT_FIELDS,
    assessor_assign,
    field_evaluation_attachments_check,
    field_evaluation_edit_check,
    field_evaluation_review,
    field_evaluation_save,
    field_evaluation_submit,
)
from .services.disclosures import disclosure_review, disclosure_set_hidden
from .services.points import answer_points_save
from .services.ratings import rating_moderate, ratings_release_burst


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
    actions = ["count_ratings", "release_bursts", "hide_ratings"]

    @admin.action(description=_("Count the selected ratings (release held ones)"), permissions=["change"])
    def count_ratings(self, request, queryset):
        _report(self, request, queryset, lambda rating: rating_moderate(rating=rating, user=request.user,
                                                                         status=RatingStatus.VISIBLE))

    @admin.action(description=_("Release the whole held burst of the selected ratings' organizations"),
                  permissions=["change"])
    def release_bursts(self, request, queryset):
        organizations = {rating.organization for rating in queryset.select_related("organization")}
        _report(self, request, organizations,
                lambda organization: ratings_release_burst(organization=organization, user=request.user))

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

    @admin.display(description=_("confidence"), ordering="confidence")
    def confidence_display(self, score):
        return confidence_label(score.confidence)


@admin.register(RatingFlag)
class RatingFlagAdmin(admin.ModelAdmin):
    list_display = ["rating", "reason", "flagged_by", "resolved", "created_at"]
    list_filter = ["resolved"]
    list_select_related = ["rating__organization", "rating__user", "flagged_by"]
    readonly_fields = ["rating", "reason", "flagged_by", "created_at"]


def _visit_is_editable(request, evaluation):
    """Whether this user may change this visit now (the service's rule, asked without raising)."""
    if evaluation is None:
        return True
    try:
        field_evaluation_edit_check(evaluation=evaluation, user=request.user)
    except (ValidationError, PermissionDenied):
        return False
    return True


def _adopt(obj, saved):
    """Make the admin's unsaved instance the row a service just saved."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj.refresh_from_db()


class AttachmentInline(admin.TabularInline):
    """Attachments change with their visit: not once it is submitted or approved."""

    model = FieldEvaluationAttachment
    extra = 1

    def has_add_permission(self, request, obj=None):
        return _visit_is_editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _visit_is_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _visit_is_editable(request, obj) and super().has_delete_permission(request, obj)


@admin.register(FieldEvaluation)
class FieldEvaluationAdmin(admin.ModelAdmin):
    list_display = ["organization", "assessor_name", "visit_date", "status", "approved_by"]
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

    def has_change_permission(self, request, obj=None):
        # A visit that is submitted, approved or someone else's opens read-only; the actions
        # (submit, approve, return) stay, and their services check their own rules.
        if obj is not None and not _visit_is_editable(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change and not form.changed_data:
            return  # saved without a change (say, to add an attachment): nothing to write here
        saved = field_evaluation_save(
            evaluation=obj if change else None, user=request.user,
            data={name: form.cleaned_data[name] for name in VISIT_FIELDS if name in form.cleaned_data},
        )
        _adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        # The attachments of a visit follow the visit's rule (the service's check, under a lock).
        field_evaluation_attachments_check(evaluation=form.instance, user=request.user)
        super().save_formset(request, form, formset, change)

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

    def get_readonly_fields(self, request, obj=None):
        # An assignment is made or removed, never re-pointed: a new one goes through the service.
        return ["organization", "assessor", "assigned_by", "created_at"] if obj is not None else ["assigned_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assessor":
            # Only people with the assessor role are offered (the service refuses anyone else).
            kwargs["queryset"] = db_field.related_model.objects.filter(groups__name=ASSESSORS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of an existing assignment changes
        saved = assessor_assign(organization=obj.organization, assessor=obj.assessor, user=request.user)
        _adopt(obj, saved)


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
    list_display = ["organization", "overall", "grade", "confidence_display", "public_trust", "financial",
                    "influence", "computed_at"]
    list_filter = ["grade", "confidence"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]
    readonly_fields = [field.name for field in TrustScore._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("confidence"), ordering="confidence")
    def confidence_display(self, score):
        return confidence_label(score.confidence)


@admin.register(Disclosure)
class DisclosureAdmin(SimpleHistoryAdmin):
    """Moderators and assessors verify or reject disclosures here as on the review page: every
    action goes through the services (who may, a reason to reject, the email, the recompute).
    Members publish and correct on the site; the history shows every version."""

    list_display = ["title", "organization", "kind", "year", "status", "is_hidden", "published_on", "created_at"]
    list_filter = ["status", "kind", "is_hidden"]
    search_fields = ["title", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = [field.name for field in Disclosure._meta.fields if field.name != "file"] + ["file_link"]
    exclude = ["file"]
    actions = ["verify", "reject", "hide", "show"]

    @admin.display(description=_("file"))
    def file_link(self, disclosure):
        # Through the checked download, never a storage URL: pending files are private.
        if not disclosure.file:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("evaluation:disclosure-file", args=[disclosure.pk]),
                           disclosure.file.name.rsplit("/", 1)[-1])

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # moderation hides, never deletes

    @admin.action(description=_("Verify the selected disclosures"), permissions=["change"])
    def verify(self, request, queryset):
        _report(self, request, queryset, lambda item: disclosure_review(
            disclosure=item, user=request.user, status=DisclosureStatus.VERIFIED))

    @admin.action(description=_("Reject the selected disclosures (with a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(request, "admin/confirm_with_reason.html", {
                **self.admin_site.each_context(request), "title": _("Reject disclosures"), "form": form,
                "queryset": queryset, "action": "reject", "opts": self.model._meta,
            })
        _report(self, request, queryset, lambda item: disclosure_review(
            disclosure=item, user=request.user, status=DisclosureStatus.REJECTED, reason=form.cleaned_data["reason"]))
        return None

    @admin.action(description=_("Hide the selected disclosures"), permissions=["change"])
    def hide(self, request, queryset):
        _report(self, request, queryset, lambda item: disclosure_set_hidden(disclosure=item, user=request.user,
                                                                             hidden=True))

    @admin.action(description=_("Show the selected hidden disclosures again"), permissions=["change"])
    def show(self, request, queryset):
        _report(self, request, queryset, lambda item: disclosure_set_hidden(disclosure=item, user=request.user,
                                                                             hidden=False))
