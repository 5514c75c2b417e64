"""Future Village in the admin: moderators publish or hide proposed villages (through the service)
and record projects' NGOs, hackathon teams and outcomes."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    CoDesignProject,
    MakerProfile,
    ProjectOutcome,
    ProjectParticipant,
    StageChange,
    Village,
    VillagePhoto,
    VillageStatus,
)
from .services.villages import village_moderate


class VillagePhotoInline(admin.TabularInline):
    """Photos come only through the pages (common.images strips EXIF/GPS and resizes them);
    moderators hide them on the village's page, through the service."""

    model = VillagePhoto
    extra = 0
    fields = ["image", "caption", "is_hidden", "hidden_reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OutcomeInline(admin.TabularInline):
    model = ProjectOutcome
    extra = 0
    fields = ["created_at", "stage", "text", "image", "is_hidden", "hidden_reason", "added_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why are these villages hidden?"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "status", "proposed_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "county__name"]
    list_select_related = ["county", "proposed_by"]
    readonly_fields = ["status", "status_reason", "proposed_by", "created_at"]
    raw_id_fields = ["county"]
    inlines = [VillagePhotoInline]
    actions = ["publish", "hide"]

    @admin.action(description=_("Publish the selected villages"), permissions=["change"])
    def publish(self, request, queryset):
        done = 0
        for village in queryset:
            try:
                village_moderate(village=village, user=request.user, status=VillageStatus.PUBLISHED)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
                return
        self.message_user(request, ngettext("%(count)s village published.", "%(count)s villages published.", done)
                          % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Hide the selected villages"), permissions=["change"])
    def hide(self, request, queryset):
        form = HideForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(request, "admin/trainings/revoke_form.html", {
                **self.admin_site.each_context(request), "title": _("Hide villages"), "form": form,
                "queryset": queryset, "action": "hide", "opts": self.model._meta,
            })
        for village in queryset:
            try:
                village_moderate(village=village, user=request.user, status=VillageStatus.HIDDEN,
                                 reason=form.cleaned_data["reason"])
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
                return None
        self.message_user(request, _("Villages hidden."), messages.SUCCESS)
        return None


class ParticipantInline(admin.TabularInline):
    model = ProjectParticipant
    extra = 0
    fields = ["user", "role", "skills", "joined_at"]
    readonly_fields = ["user", "role", "skills", "joined_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ["changed_at", "from_stage", "to_stage", "reason", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CoDesignProject)
class CoDesignProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "village", "stage", "call_open", "created_at"]
    list_filter = ["stage", "call_open"]
    search_fields = ["title", "village__name"]
    list_select_related = ["village__county"]
    # The stage moves only through the project page's service (one step, with a reason).
    readonly_fields = ["village", "stage", "created_by", "created_at"]
    filter_horizontal = ["organizations", "teams"]
    inlines = [ParticipantInline, StageChangeInline, OutcomeInline]


@admin.register(MakerProfile)
class MakerProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "province", "skills", "is_public", "updated_at"]
    list_filter = ["is_public", "province"]
    search_fields = ["skills", "user__display_name"]
    list_select_related = ["user", "province"]
    readonly_fields = ["user", "updated_at"]
