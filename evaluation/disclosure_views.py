"""Pages of disclosures (信息公开): members publish and correct, reviewers verify, files served
only to whom may see them (a verified item's file is public; a pending one, to its organization's
members and the reviewers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pagination import CappedPaginator
from common.views import safe_content_type
from orgs.models import Organization

from .disclosure_forms import DisclosureForm, ReviewForm
from .disclosure_selectors import disclosure_review_queue, disclosure_with_organization, disclosures_of_organization
from .models import Disclosure, DisclosureKind
from .services.disclosures import disclosure_create, disclosure_review, disclosure_update

PAGE_SIZE = 20


def _disclosure(pk):
    try:
        return disclosure_with_organization(pk=pk)
    except Disclosure.DoesNotExist as exc:
        raise Http404(_("No such disclosure.")) from exc


def _error_text(error):
    return " ".join(getattr(error, "messages", [str(error)]))


@login_required
def manage(request, slug):
    """The members' page: every item of their organization with its status, and what to add."""
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("evaluation.publish_disclosure", organization):
        raise PermissionDenied(_("Only members of the organization publish its disclosures."))
    page = CappedPaginator(disclosures_of_organization(organization=organization), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "evaluation/disclosures/manage.html", {
        "organization": organization, "page": page, "kinds": DisclosureKind.choices})


def _form_page(request, *, organization, kind, form, disclosure=None):
    return render(request, "evaluation/disclosures/form.html", {
        "organization": organization, "kind_label": DisclosureKind(kind).label, "form": form,
        "disclosure": disclosure})


@login_required
def add(request, slug, kind):
    organization = get_object_or_404(Organization, slug=slug)
    if kind not in DisclosureKind.values:
        raise Http404(_("No such kind of disclosure."))
    if not request.user.has_perm("evaluation.publish_disclosure", organization):
        raise PermissionDenied(_("Only members of the organization publish its disclosures."))
    form = DisclosureForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_create(organization=organization, user=request.user, kind=kind, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Saved. It shows on the profile once a reviewer has verified it."))
            return redirect("evaluation:disclosures", slug=organization.slug)
    return _form_page(request, organization=organization, kind=kind, form=form)


@login_required
def edit(request, pk):
    """A correction: saved as a new version, and checked again before it counts."""
    disclosure = _disclosure(pk)
    if not request.user.has_perm("evaluation.correct_disclosure", disclosure):
        raise PermissionDenied(_("Only members of the organization correct its disclosures."))
    form = DisclosureForm(request.POST or None, request.FILES or None, kind=disclosure.kind, instance=disclosure)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_update(disclosure=disclosure, user=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Corrected. A reviewer checks the correction before it counts again."))
            return redirect("evaluation:disclosures", slug=disclosure.organization.slug)
    return _form_page(request, organization=disclosure.organization, kind=disclosure.kind, form=form,
                      disclosure=disclosure)


def file(request, pk):
    """The item's file as a safe download, after the access check (never a public media URL)."""
    disclosure = _disclosure(pk)
    if not disclosure.file or not request.user.has_perm("evaluation.see_disclosure", disclosure):
        raise Http404(_("No such file."))
    name = disclosure.file.name.rsplit("/", 1)[-1]
    try:
        handle = disclosure.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("No such file.")) from exc
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=safe_content_type(name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store" if not disclosure.counts else "public, max-age=3600"
    return response


@login_required
def review_queue(request):
    if not request.user.has_perm("evaluation.review_disclosures"):
        raise PermissionDenied(_("Only moderators and assessors verify disclosures."))
    page = CappedPaginator(disclosure_review_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluation/disclosures/review.html", {"page": page, "form": ReviewForm()})


@login_required
@require_POST
def review(request, pk):
    disclosure = _disclosure(pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose verified or rejected."))
    else:
        try:
            disclosure_review(disclosure=disclosure, user=request.user, status=form.cleaned_data["status"],
                              reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, f"{disclosure.title}: {_error_text(error)}")
        else:
            messages.success(request, _("“%(title)s”: decision saved; the organization is told by email.")
                             % {"title": disclosure.title})
    return redirect(reverse("evaluation:disclosure-review-queue"))
