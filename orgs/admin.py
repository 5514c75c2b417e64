"""Admin for moderators: the moderation queue, profile history with revert, claims."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    PolicyDocument,
    Division,
    IssueField,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    PendingOrganization,
    ProvinceBoundary,
    User,
)
from .services.membership import (
    membership_decide,
    membership_grant,
    membership_grant_check,
    membership_role_check,
    membership_set_role,
)
from .services.organizations import (
    PROFILE_FIELDS,
    organization_create,
    organization_set_status,
    organization_update,
)
from .admin_sector import HasDuplicatesFilter, merge_two, merge_view
from .services.policies import policy_document_save
from .services.search import organization_search_refresh


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "first_name", "last_name")}),
        (_("Roles"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "region", "parent"]
    list_filter = ["level", "region"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent"]
    readonly_fields = ["code"]
    ordering = ["code"]


@admin.register(ProvinceBoundary)
class ProvinceBoundaryAdmin(admin.ModelAdmin):
    list_display = ["province"]
    list_select_related = ["province"]


@admin.register(IssueField)
class IssueFieldAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "slug", "workshop_field", "position"]
    list_filter = ["workshop_field"]
    search_fields = ["name_zh", "name_en", "slug"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


def _change_status(modeladmin, request, queryset, status, needs_reason):
    """Apply a moderation status through the service; ask for a reason first when one is needed."""
    reason = ""
    if needs_reason:
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/confirm_with_reason.html",
                {
                    "intro": _("These organizations will change status:"),
                    **modeladmin.admin_site.each_context(request),
                    "title": _("Give a reason"),
                    "form": form,
                    "queryset": queryset,
                    "action": request.POST.get("action"),
                    "opts": modeladmin.model._meta,
                },
            )
        reason = form.cleaned_data["reason"]
    done, refused = 0, []
    for organization in queryset:
        try:
            organization_set_status(organization=organization, user=request.user, status=status, reason=reason)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            refused.append(f"{organization}: {' '.join(getattr(error, 'messages', [str(error)]))}")
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d organization updated.", "%(count)d organizations updated.", done) % {"count": done},
            messages.SUCCESS,
        )
    for line in refused:
        modeladmin.message_user(request, line, messages.ERROR)
    return None


@admin.action(description=_("Publish the selected organizations"), permissions=["change"])
def publish(modeladmin, request, queryset):
    return _change_status(modeladmin, request, queryset, OrganizationStatus.PUBLISHED, needs_reason=False)


@admin.action(description=_("Hide the selected organizations (with a reason)"), permissions=["change"])
def hide(modeladmin, request, queryset):
    return _change_status(modeladmin, request, queryset, OrganizationStatus.HIDDEN, needs_reason=True)


@admin.action(description=_("Send back to draft (with a reason)"), permissions=["change"])
def back_to_draft(modeladmin, request, queryset):
    return _change_status(modeladmin, request, queryset, OrganizationStatus.DRAFT, needs_reason=True)


class MembershipInline(admin.TabularInline):
    """Who belongs to the organization, read-only here: roles and claims change on the membership's
    own page and in its actions, through the membership service and its rules."""

    model = Membership
    fk_name = "organization"
    extra = 0
    fields = ["user", "role", "status", "message", "decided_by", "decided_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


def _adopt(obj, saved):
    """Make the admin's unsaved instance the row a service just saved (for the admin's log,
    related objects and redirect)."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj.refresh_from_db()


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "province", "status", "updated_at"]
    list_filter = ["status", "kind", "province__region", "issue_fields", HasDuplicatesFilter]
    search_fields = ["name", "name_en", "slug"]
    list_select_related = ["province"]
    autocomplete_fields = ["province", "city", "county"]
    filter_horizontal = ["issue_fields"]
    readonly_fields = ["status", "status_reason", "created_by", "created_at", "updated_at"]
    exclude = ["search_grams"]
    actions = [publish, hide, back_to_draft, merge_two]
    inlines = [MembershipInline]
    history_list_display = ["status"]
    change_list_template = "admin/orgs/organization/change_list.html"

    def get_urls(self):
        merge = path("merge/", self.admin_site.admin_view(lambda request: merge_view(self, request)),
                     name="orgs_organization_merge")
        return [merge, *super().get_urls()]

    def save_model(self, request, obj, form, change):
        if change:
            organization_update(organization=obj, user=request.user, data={})
            return
        # A new profile goes through the create service (permission, slug, default place,
        # history); the admin then carries on with the saved row.
        created = organization_create(
            user=request.user,
            data={name: value for name, value in form.cleaned_data.items() if name in PROFILE_FIELDS},
            issue_fields=form.cleaned_data.get("issue_fields", ()),
            as_owner=False,
        )
        _adopt(obj, created)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The issue fields are saved here, after the profile: search must see them.
        organization_search_refresh(organization=form.instance)


@admin.register(PendingOrganization)
class ModerationQueueAdmin(OrganizationAdmin):
    list_display = ["name", "kind", "province", "created_by", "created_at"]
    list_filter = ["kind", "province__region"]
    ordering = ["created_at"]
    change_list_template = None

    def get_urls(self):
        return super(OrganizationAdmin, self).get_urls()  # the merge page lives on the organizations' admin

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=OrganizationStatus.PENDING)

    def has_add_permission(self, request):
        return False


@admin.action(description=_("Approve the selected claims"), permissions=["change"])
def approve_claims(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, approve=True)


@admin.action(description=_("Decline the selected claims"), permissions=["change"])
def decline_claims(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, approve=False)


def _decide(modeladmin, request, queryset, *, approve):
    done = 0
    for membership in queryset.filter(status=MembershipStatus.PENDING):
        try:
            membership_decide(membership=membership, user=request.user, approve=approve)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{membership}: {error}", messages.ERROR)
    modeladmin.message_user(
        request,
        ngettext("%(count)d claim decided.", "%(count)d claims decided.", done) % {"count": done},
        messages.SUCCESS if done else messages.WARNING,
    )


def _as_form_error(check):
    """Run a service's rule check; a refusal becomes a form error that says why."""
    try:
        check()
    except PermissionDenied as error:
        raise ValidationError(str(error)) from error


class MembershipAdminForm(forms.ModelForm):
    """Checks the membership service's rules in the form, so a refusal is shown beside the field
    (the service checks them again when it saves)."""

    request_user = None  # set by MembershipAdmin.get_form

    class Meta:
        model = Membership
        fields = ["user", "organization", "role"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if self.instance.pk is None:
            _as_form_error(lambda: membership_grant_check(
                organization=cleaned["organization"], member=cleaned["user"], role=cleaned["role"],
                user=self.request_user))
        elif "role" in self.changed_data:
            _as_form_error(lambda: membership_role_check(
                membership=self.instance, user=self.request_user, role=cleaned["role"]))
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Claims are approved or declined with the actions (the service refuses one's own claim);
    on a membership's page only the role changes, through the service. The person and the
    organization of a membership never change; a new member is added through the service."""

    form = MembershipAdminForm
    list_display = ["user", "organization", "role", "status", "created_at", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "organization__name"]
    list_select_related = ["user", "organization", "decided_by"]
    autocomplete_fields = ["user", "organization"]
    actions = [approve_claims, decline_claims]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["status", "message", "decided_by", "decided_at", "created_at"]
        return ["user", "organization", *fixed] if obj is not None else fixed

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if change:
            if "role" in form.changed_data:
                membership_set_role(membership=obj, user=request.user, role=form.cleaned_data["role"])
            return
        created = membership_grant(organization=obj.organization, member=obj.user, role=obj.role,
                                   user=request.user)
        _adopt(obj, created)


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    """Staff publish a new version here; versions in force are read-only (policy_document_save)."""

    list_display = ["kind", "version", "title_zh", "published_at", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title_zh", "title_en"]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.published_at and obj.published_at <= timezone.now():
            return [field.name for field in obj._meta.fields]
        return []

    def save_model(self, request, obj, form, change):
        try:
            policy_document_save(document=obj)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
