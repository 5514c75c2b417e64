"""Admin for bringing the sector in: spreadsheet imports with a preview, likely duplicates,
merging two profiles, and the merge records. Every write goes through a service."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .imports.columns import column_label, template_csv, template_xlsx
from .imports.services import import_job_cancel, import_job_confirm, import_job_create
from .models import (
    DuplicateCandidate,
    DuplicateStatus,
    ImportIssueLevel,
    ImportJob,
    ImportJobStatus,
    MergeRecord,
    Organization,
    OrganizationStatus,
)
from .services.merge import MergeIncomplete, organizations_merge

ISSUES_PER_PAGE = 100


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))
    target_status = forms.ChoiceField(
        label=_("Imported organizations start as"),
        choices=[(OrganizationStatus.PUBLISHED, _("Published, waiting to be claimed by their staff")),
                 (OrganizationStatus.DRAFT, _("Draft: not public until a moderator publishes them"))],
        initial=OrganizationStatus.DRAFT, widget=forms.RadioSelect)


def _errors_to_messages(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "total_rows", "error_rows", "duplicate_rows", "created_count",
                    "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    search_fields = ["original_name"]

    def has_add_permission(self, request):
        return request.user.has_perm("orgs.import_organizations") and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        own = [
            path("template.<str:kind>", self.admin_site.admin_view(self.template_view), name="orgs_importjob_template"),
            path("<int:pk>/confirm/", self.admin_site.admin_view(self.confirm_view), name="orgs_importjob_confirm"),
            path("<int:pk>/cancel/", self.admin_site.admin_view(self.cancel_view), name="orgs_importjob_cancel"),
        ]
        return own + super().get_urls()

    def template_view(self, request, kind):
        if kind == "xlsx":
            response = HttpResponse(
                template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        elif kind == "csv":
            response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        else:
            return HttpResponse(status=404)
        response["Content-Disposition"] = f'attachment; filename="organizations-template.{kind}"'
        return response

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = import_job_create(user=request.user, upload=form.cleaned_data["file"],
                                        target_status=form.cleaned_data["target_status"],
                                        language=get_language() or "zh-hans")
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return HttpResponseRedirect(reverse("admin:orgs_importjob_change", args=[job.pk]))
        return TemplateResponse(request, "admin/orgs/importjob/upload.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "title": _("Import organizations from a spreadsheet"),
        })

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        level = request.GET.get("level") if request.GET.get("level") in ImportIssueLevel.values else None
        issues = job.issues.select_related("existing").order_by("row", "id")
        if level:
            issues = issues.filter(level=level)
        page = Paginator(issues, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
        for issue in page:
            issue.column_label = column_label(issue.column)
        running = job.status in (ImportJobStatus.UPLOADED, ImportJobStatus.CHECKING, ImportJobStatus.IMPORTING)
        return TemplateResponse(request, "admin/orgs/importjob/job.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "job": job, "page": page,
            "level": level, "running": running, "title": str(job),
            "can_confirm": job.status == ImportJobStatus.CHECKED and job.valid_rows > 0
            and request.user.has_perm("orgs.import_organizations"),
            "can_cancel": job.status in (ImportJobStatus.CHECKED, ImportJobStatus.FAILED)
            and request.user.has_perm("orgs.import_organizations"),
        })

    def _post_action(self, request, pk, service, done_message):
        job = get_object_or_404(ImportJob, pk=pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:orgs_importjob_change", args=[pk]))
        try:
            service(job=job, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, done_message)
        return HttpResponseRedirect(reverse("admin:orgs_importjob_change", args=[pk]))

    def confirm_view(self, request, pk):
        return self._post_action(request, pk, import_job_confirm, _("Import confirmed: the organizations are being "
                                                                    "created."))

    def cancel_view(self, request, pk):
        return self._post_action(request, pk, import_job_cancel, _("Import cancelled; nothing was written."))


class MergeForm(forms.Form):
    survivor = forms.TypedChoiceField(label=_("Keep this organization"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Why are they the same organization?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(org.pk, f"{org.name} ({org.get_status_display()}, {org.slug})")
                                           for org in organizations]


def merge_view(model_admin, request):
    """Choose which of two organizations survives, say why, merge (the service checks the rest)."""
    ids = [value for value in request.GET.getlist("id") + request.POST.getlist("id") if value.isdigit()][:2]
    organizations = list(Organization.objects.filter(pk__in=ids).select_related("province", "county"))
    if len(organizations) != 2:
        messages.error(request, _("Choose exactly two organizations to merge."))
        return HttpResponseRedirect(reverse("admin:orgs_organization_changelist"))
    form = MergeForm(request.POST if request.method == "POST" else None, organizations=organizations,
                     initial={"survivor": min(org.pk for org in organizations)})
    if request.method == "POST" and form.is_valid():
        survivor = next(org for org in organizations if org.pk == form.cleaned_data["survivor"])
        merged = next(org for org in organizations if org.pk != survivor.pk)
        try:
            record = organizations_merge(survivor=survivor, merged=merged, user=request.user,
                                         reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied, MergeIncomplete) as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("%(merged)s was merged into %(survivor)s.") % {
                "merged": merged.name, "survivor": survivor.name})
            return HttpResponseRedirect(reverse("admin:orgs_mergerecord_change", args=[record.pk]))
    return TemplateResponse(request, "admin/orgs/merge.html", {
        **model_admin.admin_site.each_context(request), "opts": Organization._meta, "form": form,
        "organizations": organizations, "title": _("Merge two organizations"),
    })


def _merge_url(*ids):
    return reverse("admin:orgs_organization_merge") + "?" + "&".join(f"id={pk}" for pk in ids)


@admin.action(description=_("Merge the two selected organizations"), permissions=["change"])
def merge_two(modeladmin, request, queryset):
    ids = list(queryset.values_list("pk", flat=True)[:3])
    if len(ids) != 2:
        modeladmin.message_user(request, _("Choose exactly two organizations to merge."), messages.ERROR)
        return None
    return HttpResponseRedirect(_merge_url(*ids))


class HasDuplicatesFilter(admin.SimpleListFilter):
    title = _("likely duplicates")
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("open", _("Has likely duplicates to review")), ("merged", _("Merged into another"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            open_pairs = DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN)
            return queryset.filter(pk__in=open_pairs.values("organization")) | queryset.filter(
                pk__in=open_pairs.values("existing"))
        if self.value() == "merged":
            return queryset.filter(merged_into__isnull=False)
        return queryset


@admin.action(description=_("Not duplicates: dismiss"), permissions=["change"])
def dismiss_duplicates(modeladmin, request, queryset):
    if not request.user.has_perm("orgs.merge_organizations"):
        raise PermissionDenied
    count = queryset.filter(status=DuplicateStatus.OPEN).update(status=DuplicateStatus.DISMISSED)
    modeladmin.message_user(request, _("%(count)d pairs dismissed.") % {"count": count}, messages.SUCCESS)


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(admin.ModelAdmin):
    list_display = ["organization", "existing", "reason_list", "similarity", "distance_m", "status", "found_at",
                    "merge_link"]
    list_filter = ["status"]
    list_select_related = ["organization", "existing"]
    search_fields = ["organization__name", "existing__name"]
    actions = [dismiss_duplicates]
    readonly_fields = ["organization", "existing", "reasons", "similarity", "distance_m", "found_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reasons"))
    def reason_list(self, obj):
        return "、".join(obj.reason_labels)

    @admin.display(description=_("merge"))
    def merge_link(self, obj):
        if obj.status != DuplicateStatus.OPEN:
            return "—"
        return format_html('<a href="{}">{}</a>', _merge_url(obj.existing_id, obj.organization_id), _("Merge…"))


@admin.register(MergeRecord)
class MergeRecordAdmin(admin.ModelAdmin):
    list_display = ["merged_name", "survivor", "merged_by", "merged_at"]
    list_select_related = ["survivor", "merged_by"]
    search_fields = ["merged_name", "survivor__name", "reason"]
    fields = ["survivor", "merged", "merged_name", "merged_slug", "reason", "merged_by", "merged_at",
              "moved_table", "kept_table", "moved_rows"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("moved to the kept organization"))
    def moved_table(self, obj):
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li>{}: {}</li>",
            ((label, ", ".join(value) if isinstance(value, list) else value) for label, value in obj.moved.items())))

    @admin.display(description=_("left with the merged organization"))
    def kept_table(self, obj):
        if not obj.kept:
            return _("Nothing: every row moved.")
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li>{} ({}): {}</li>",
            ((entry["table"], ", ".join(str(pk) for pk in entry["ids"]), entry["why"]) for entry in obj.kept)))
