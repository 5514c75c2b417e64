"""Pages of the evaluation: rating, the methodology, the funders' list, compare, shortlist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.charts import bar_chart, histogram, line_chart
from common.pagination import CappedPaginator
from orgs.models import Organization, OrganizationStatus
from orgs.fragments import organization_fragments

from . import method
from .exports import FundersExport
from .forms import FundersFilterForm, RatingForm
from .models import Rating
from .selectors import (
    disclosures_compared,
    funders_list,
    funders_list_stubs,
    funders_rows_by_id,
    sector_figures_page,
    transparency_indicator_rows,
    organizations_to_compare,
    shortlist_of,
    shortlisted_ids,
    trust_explanation,
)
from .services.ratings import rating_flag, rating_save
from .services import shortlist as shortlists

COMPARE_MAX = 3
FUNDERS_PAGE_SIZE = 20


class FundersPaginator(CappedPaginator):
    """Ten pages at most, beyond which a funder narrows the list with a filter. The count drops
    the ordering: PostgreSQL then starts from the most selective filter's index and stops at the
    cap, instead of walking the sort's index through every filter (a rare kind or grade)."""

    cap = 200

    @cached_property
    def count(self):
        return len(self.object_list.order_by().values_list("pk", flat=True)[: self.cap + 1])


@login_required
@require_POST
def rate(request, slug):
    organization = get_object_or_404(Organization, slug=slug, status=OrganizationStatus.PUBLISHED)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            rating = rating_save(user=request.user, organization=organization,
                                 scores={name: form.cleaned_data[name] for name in ("public_trust", "financial", "influence")},
                                 comment=form.cleaned_data["comment"])
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if rating.status == "held":
                messages.warning(request, _("Thank you. Many ratings arrived at once, so yours waits for a moderator before it counts."))
            else:
                messages.success(request, _("Thank you: your rating was saved. The score is updated within a minute."))
    else:
        messages.error(request, _("Give each of the three scores, from 1 to 5."))
    return redirect(f"{organization.get_absolute_url()}#trust")


@login_required
@require_POST
def flag(request, pk):
    rating = get_object_or_404(Rating, pk=pk)
    try:
        rating_flag(rating=rating, user=request.user, reason=request.POST.get("reason", "") or _("Abusive rating"))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Thank you. A moderator will look at the rating."))
    return redirect(f"{rating.organization.get_absolute_url()}#trust")


def _versions():
    return [{"code": code, **details} for code, details in method.VERSIONS.items()]


def methodology(request):
    levels = [{"label": method.confidence_label(level), "floor": floor} for level, floor in method.CONFIDENCE]
    return render(request, "evaluation/methodology.html", {
        "method": method, "confidence_levels": levels, "versions": _versions(), "current": method.METHOD_VERSION,
        "transparency_indicators": transparency_indicator_rows()})


def methodology_version(request, version):
    """One version of the method, current or earlier, so a score can be read against its own rules."""
    if version not in method.VERSIONS:
        raise Http404(_("There is no method %(version)s.") % {"version": version})
    return render(request, "evaluation/methodology_version.html", {
        "version": {"code": version, **method.VERSIONS[version]}, "versions": _versions(),
        "current": method.METHOD_VERSION})


def figures(request):
    """Sector figures (public): the transparency index by kind, region and field, its
    distribution, and disclosures year by year, as server-drawn SVG charts."""
    data = sector_figures_page()
    charts = {
        "distribution": histogram(bins=data["distribution"], title=_("Organizations by transparency index"),
                                  id_prefix="ti-distribution"),
        "by_kind": bar_chart(items=[(label, mean) for label, mean, _n in data["by_kind"]],
                             title=_("Mean transparency index by kind of organization"), id_prefix="ti-kind",
                             max_value=100),
        "by_region": bar_chart(items=[(label, mean) for label, mean, _n in data["by_region"]],
                               title=_("Mean transparency index by region"), id_prefix="ti-region", max_value=100),
        "by_field": bar_chart(items=[(label, mean) for label, mean, _n in data["by_field"]],
                              title=_("Mean transparency index by issue field"), id_prefix="ti-field", max_value=100),
        "index_trend": line_chart(series=data["index_trend"], x_labels=[str(year) for year in data["years"]],
                                  title=_("The transparency index year over year (at the end of each year)"),
                                  id_prefix="ti-trend", unit="", y_max=100,
                                  empty_text=_("No year has an index yet.")),
        "by_year": line_chart(series=data["by_year"], x_labels=[str(year) for year in data["years"]],
                              title=_("Organizations with verified disclosures, by the year they cover"),
                              id_prefix="ti-years", unit=""),
    }
    return render(request, "evaluation/figures.html", {"figures": data, "charts": charts})


def _filtered(request):
    form = FundersFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, funders_list(filters=filters)


def funders(request):
    form, organizations = _filtered(request)
    page = FundersPaginator(funders_list_stubs(organizations), FUNDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "evaluation/funders.html", {
        "form": form, "page": page, "rows": _funders_rows(page), "query": query.urlencode(),
        "shortlisted": shortlisted_ids(user=request.user),
        "can_shortlist": request.user.has_perm("evaluation.keep_shortlist"),
    })


def _funders_rows(page):
    """(organization, its cells) for the page. The cells were two thirds of the list's time and
    are the same for every visitor: cached per organization and language until its page changes
    (a new score bumps it) or its score is rewritten. The page's rows are stubs
    (funders_list_stubs): rows not cached are read whole, at once."""
    organizations = list(page)
    fragments = organization_fragments(
        organizations, name="funders-cells", template_name="evaluation/_funders_cells.html",
        stamp=lambda organization: (organization.updated_at, organization.trust_score_detail.computed_at),
        read_whole=lambda ids: funders_rows_by_id(ids=ids))
    return list(zip(organizations, fragments))


def funders_export(request, file_format):
    _form, organizations = _filtered(request)
    return FundersExport(organizations=organizations, request=request).response(file_format)


def compare(request):
    slugs = [slug for slug in request.GET.getlist("org") if slug][:COMPARE_MAX]
    organizations = list(organizations_to_compare(slugs=slugs))
    explanations = [(organization, trust_explanation(organization=organization)) for organization in organizations]
    return render(request, "evaluation/compare.html", {
        "explanations": explanations, "max": COMPARE_MAX,
        "disclosures": disclosures_compared(organizations=organizations)})


@login_required
def shortlist(request):
    if not request.user.has_perm("evaluation.keep_shortlist"):
        raise PermissionDenied(_("The shortlist is for funders."))
    entries = shortlist_of(user=request.user)
    return render(request, "evaluation/shortlist.html", {"entries": entries})


@login_required
@require_POST
def shortlist_toggle(request, slug):
    if not request.user.has_perm("evaluation.keep_shortlist"):
        raise PermissionDenied(_("The shortlist is for funders."))
    organization = get_object_or_404(Organization, slug=slug, status=OrganizationStatus.PUBLISHED)
    created = shortlists.shortlist_toggle(user=request.user, organization=organization)
    messages.success(request, _("Added to your shortlist.") if created else _("Removed from your shortlist."))
    next_url = request.POST.get("next")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("evaluation:shortlist")  # never redirect to another site
    return redirect(next_url)
