"""An organization's public page, its editor, its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import OrganizationForm
from ..history import change_reason_label, value_label
from ..models import Division, Organization, OrganizationStatus
from ..selectors import organization_detail
from ..services.organizations import (
    organization_create,
    organization_revert,
    organization_set_status,
    organization_update,
)

HISTORY_LIMIT = 50


def _visible_or_404(request, slug):
    try:
        return organization_detail(slug=slug, user=request.user)
    except Organization.DoesNotExist as exc:
        raise Http404(_("No such organization.")) from exc


def _apply_service_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if field == "location":
                target = "longitude"
            form.add_error(target, errors)
    else:
        form.add_error(None, error)


@login_required
def create(request):
    if not request.user.has_perm("orgs.create_organization"):
        raise PermissionDenied(_("Verify your email address before adding an organization."))
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = organization_create(
                user=request.user,
                data=form.profile_data(),
                issue_fields=form.cleaned_data["issue_fields"],
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The profile was saved as a draft. Submit it for review when it is ready."),
            )
            if organization.credit_code_warning:
                messages.warning(request, organization.credit_code_warning)
            return redirect(organization)
    return render(request, "orgs/edit.html", {"form": form, "creating": True})


@login_required
def edit(request, slug):
    organization = _visible_or_404(request, slug)
    if not request.user.has_perm("orgs.edit_organization", organization):
        raise PermissionDenied(_("Only members of this organization can edit its profile."))
    # The form gets its own copy: a rejected edit (a cleared address, say) must not change the
    # organization this page links to.
    editing = Organization.objects.get(pk=organization.pk)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=editing)
    if request.method == "POST" and form.is_valid():
        try:
            organization = organization_update(
                organization=editing,
                user=request.user,
                data=form.profile_data(),
                issue_fields=form.cleaned_data["issue_fields"],
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            if organization.credit_code_warning:
                messages.warning(request, organization.credit_code_warning)
            return redirect(organization)
    return render(
        request, "orgs/edit.html", {"form": form, "organization": organization, "creating": False}
    )


@login_required
@require_POST
def submit_for_review(request, slug):
    organization = _visible_or_404(request, slug)
    try:
        organization_set_status(
            organization=organization, user=request.user, status=OrganizationStatus.PENDING
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Submitted. A moderator will review the profile soon."))
    return redirect(organization)


@login_required
def history(request, slug):
    organization = _visible_or_404(request, slug)
    if not request.user.has_perm("orgs.view_organization_history", organization):
        raise PermissionDenied(_("Only members and moderators can see the history."))
    records = list(
        organization.history.select_related("history_user").order_by("-history_date")[
            : HISTORY_LIMIT + 1
        ]
    )
    diffs = [
        (newer, newer.diff_against(older) if older is not None else None)
        for newer, older in zip(records, records[1:] + [None])
    ][:HISTORY_LIMIT]
    # Changed places are division codes: their names are read in one query for the whole page.
    codes = {
        value
        for _record, diff in diffs if diff
        for change in diff.changes if change.field in ("province", "city", "county")
        for value in (change.old, change.new) if value
    }
    divisions = Division.objects.in_bulk(codes)
    changes = []
    for newer, diff in diffs:
        changes.append(
            {
                "record": newer,
                "reason": change_reason_label(newer.history_change_reason),
                "changes": [
                    {
                        "field": Organization._meta.get_field(change.field).verbose_name,
                        "old": value_label(change.field, change.old, divisions),
                        "new": value_label(change.field, change.new, divisions),
                    }
                    for change in (diff.changes if diff else [])
                    if change.field != "issue_fields"
                ],
                "fields_changed": diff is not None
                and any(change.field == "issue_fields" for change in diff.changes),
            }
        )
    return render(
        request,
        "orgs/history.html",
        {
            "organization": organization,
            "changes": changes,
            "can_revert": request.user.has_perm("orgs.revert_organization_history", organization),
        },
    )


@login_required
@require_POST
def revert(request, slug, history_id):
    organization = get_object_or_404(Organization, slug=slug)
    try:
        organization_revert(organization=organization, user=request.user, history_id=history_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("orgs:history", slug=slug)
    messages.success(request, _("The profile was restored to the chosen version."))
    return redirect(organization)
