"""Claims, the member list, and a user's own dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import ClaimForm
from ..models import Membership
from ..selectors import memberships_of, organization_members, pending_claims_for, policy_consents_of
from ..services.membership import membership_claim, membership_decide
from .profile import _visible_or_404


@login_required
@require_POST
def claim(request, slug):
    organization = _visible_or_404(request, slug)
    form = ClaimForm(request.POST)
    if form.is_valid():
        try:
            membership_claim(
                organization=organization, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your claim was sent. You can edit the profile once it is approved.")
            )
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(organization)


@login_required
def members(request, slug):
    organization = _visible_or_404(request, slug)
    if not request.user.has_perm("orgs.decide_membership", organization):
        raise PermissionDenied(_("Only the organization's owners and moderators see this page."))
    return render(
        request,
        "orgs/members.html",
        {"organization": organization, "memberships": organization_members(organization=organization)[:200]},
    )


@login_required
@require_POST
def decide(request, slug, membership_id):
    membership = get_object_or_404(Membership, pk=membership_id, organization__slug=slug)
    approve = request.POST.get("decision") == "approve"
    try:
        membership_decide(
            membership=membership, user=request.user, approve=approve, role=request.POST.get("role")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Claim approved.") if approve else _("Claim declined."))
    return redirect("orgs:members", slug=slug)


@login_required
def dashboard(request):
    return render(
        request,
        "orgs/dashboard.html",
        {
            "memberships": memberships_of(user=request.user)[:100],
            "pending_claims": pending_claims_for(user=request.user),
            "can_create": request.user.has_perm("orgs.create_organization"),
            "consents": policy_consents_of(user=request.user),
        },
    )
