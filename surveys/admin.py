"""Trainers and staff build surveys here: inlines, copy to a new edition, spreadsheets, invitations."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from orgs.models import (
    Division,
    IssueField,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Region,
)

from .models import (
    Answer,
    Choice,
    Invitation,
    Question,
    Response,
    Section,
    Survey,
    SurveyStatus,
)
from .services.definitions import survey_definition_from_xlsx
from .services.editions import survey_copy_to_new_edition
from .services.invitations import survey_invite
from .services.lifecycle import survey_set_status
from .spreadsheet import SurveyDefinitionExport


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title_zh", "title_en"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "key", "section", "type", "text_zh", "text_en", "required", "show_if_question", "show_if_values"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only this survey's sections and questions are offered for grouping and conditions.
        if obj is not None:
            formset.form.base_fields["section"].queryset = obj.sections.all()
            formset.form.base_fields["show_if_question"].queryset = obj.questions.all()
        return formset


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["position", "value", "label_zh", "label_en"]


class InviteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices])
    region = forms.MultipleChoiceField(label=_("Regions"), required=False, choices=Region.choices,
                                       widget=forms.CheckboxSelectMultiple)
    province = forms.ModelMultipleChoiceField(label=_("Provinces"), required=False,
                                              queryset=Division.objects.filter(level="province"))
    field = forms.ModelMultipleChoiceField(label=_("Issue fields"), required=False, queryset=IssueField.objects.all())

    def organizations(self):
        data = self.cleaned_data
        queryset = Organization.objects.filter(status=OrganizationStatus.PUBLISHED)
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["region"]:
            queryset = queryset.filter(province__region__in=data["region"])
        if data["province"]:
            queryset = queryset.filter(province__in=data["province"])
        if data["field"]:
            queryset = queryset.filter(issue_fields__in=data["field"]).distinct()
        return queryset


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Survey definition (.xlsx)"))
    slug = forms.SlugField(label=_("Web address of the new survey"), required=False,
                           help_text=_("Leave empty to use the one in the file."))


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title_zh", "kind", "edition", "status", "opens_on", "closes_on", "results_public"]
    list_filter = ["kind", "status", "edition"]
    search_fields = ["title_zh", "title_en", "slug"]
    inlines = [SectionInline, QuestionInline]
    actions = ["copy_to_new_edition", "export_definition", "invite_organizations", "open_surveys", "close_surveys"]
    change_list_template = "admin/surveys/survey/change_list.html"
    # Status changes only through the open/close actions, which follow SURVEY_TRANSITIONS.
    readonly_fields = ["status"]

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="surveys_survey_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not request.user.has_perm("surveys.add_survey"):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                survey = survey_definition_from_xlsx(file=form.cleaned_data["file"], slug=form.cleaned_data["slug"] or None)
            except ValidationError as error:
                for message in error.messages[:50]:
                    form.add_error("file", message)
            else:
                self.message_user(request, _("Imported “%(survey)s” as a draft.") % {"survey": survey}, messages.SUCCESS)
                return redirect(reverse("admin:surveys_survey_change", args=[survey.pk]))
        return TemplateResponse(
            request,
            "admin/surveys/survey/import.html",
            {**self.admin_site.each_context(request), "form": form, "title": _("Import a survey definition"),
             "opts": self.model._meta},
        )

    @admin.action(description=_("Copy to a new edition (next year, as a draft)"), permissions=["add"])
    def copy_to_new_edition(self, request, queryset):
        for survey in queryset:
            try:
                copy = survey_copy_to_new_edition(survey=survey, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{survey}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR)
            else:
                self.message_user(request, _("Created %(survey)s.") % {"survey": copy}, messages.SUCCESS)

    @admin.action(description=_("Export the definition as a spreadsheet"), permissions=["view"])
    def export_definition(self, request, queryset):
        return SurveyDefinitionExport(survey=queryset.first(), request=request).response("xlsx")

    @admin.action(description=_("Invite organizations (by email)"), permissions=["change"])
    def invite_organizations(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one survey to invite organizations to."), messages.WARNING)
            return None
        survey = queryset.get()
        form = InviteForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                invited, skipped = survey_invite(survey=survey, user=request.user, organizations=form.organizations())
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
                return None
            self.message_user(
                request,
                _("%(invited)s organizations invited; %(skipped)s skipped because they have no email address.")
                % {"invited": invited, "skipped": skipped},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/surveys/survey/invite.html",
            {**self.admin_site.each_context(request), "form": form, "survey": survey, "title": _("Invite organizations"),
             "opts": self.model._meta, "action": "invite_organizations"},
        )

    def _set_status(self, request, queryset, status):
        """Each survey through the service and its transition map; refusals are reported by name."""
        count = 0
        for survey in queryset:
            try:
                survey_set_status(survey=survey, user=request.user, status=status)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{survey}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                  messages.ERROR)
            else:
                count += 1
        return count

    @admin.action(description=_("Open the selected surveys"), permissions=["change"])
    def open_surveys(self, request, queryset):
        count = self._set_status(request, queryset, SurveyStatus.OPEN)
        self.message_user(request, _("%(count)s surveys opened.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Close the selected surveys"), permissions=["change"])
    def close_surveys(self, request, queryset):
        count = self._set_status(request, queryset, SurveyStatus.CLOSED)
        self.message_user(request, _("%(count)s surveys closed.") % {"count": count}, messages.SUCCESS)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "survey", "type", "text_zh", "required", "in_profile_summary"]
    list_filter = ["type", "survey"]
    search_fields = ["key", "text_zh", "text_en"]
    list_select_related = ["survey"]
    inlines = [ChoiceInline]
    autocomplete_fields = ["survey"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "choices", "number", "boolean", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["organization", "survey", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "survey"]
    search_fields = ["organization__name"]
    list_select_related = ["organization", "survey"]
    readonly_fields = ["survey", "organization", "status", "started_by", "submitted_by", "invitation", "submitted_at",
                       "show_on_profile"]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organization", "survey", "email", "created_at"]
    list_filter = ["survey"]
    search_fields = ["organization__name", "email"]
    list_select_related = ["organization", "survey"]
    readonly_fields = ["survey", "organization", "email", "created_at", "invited_by"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False
