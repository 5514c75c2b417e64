"""Pages composed from several apps (the project package knows every app)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

from common.charts import line_chart
from common.pagecache import cached_public_page, is_public_request
from evaluation.forms import RatingForm
from evaluation.selectors import disclosure_section, trust_section
from mapplatform.models import FlagReason
from mapplatform.selectors import organization_matched_cases, organization_posts, platform_figures, recent_matches
from orgs.forms import ClaimForm, DirectoryFilterForm
from orgs.models import Organization, OrganizationStatus
from orgs.selectors import organization_list, organization_merged_into, organization_page_stamp
from orgs.selectors import organization_profile as organization_profile_of
from orgs.services.pagecache import organization_page_scopes
from trainings.selectors import organizations_trained_count, trainings_of, upcoming_events

RATING_FIELDS = ("public_trust", "financial", "influence", "comment")


def organization_profile(request, slug):
    """The organization's public page: its profile (orgs), with its needs, offers and matched
    cases from the map, the workshops it took part in, and its trust section (evaluation).

    Anonymous visitors get it from the page cache (common/pagecache.py), per address and language,
    until the organization, its posts, matches, ratings, workshops or trust score change."""
    if is_public_request(request):
        row = organization_page_stamp(slug=slug)
        if row is not None:
            return cached_public_page(
                request, scopes=organization_page_scopes(row["pk"]), stamp=row,
                render=lambda csrf_token: _render_profile(request, slug, csrf_token=csrf_token))
    return _render_profile(request, slug)


def _render_profile(request, slug, csrf_token=None):
    try:
        context = organization_profile_of(slug=slug, user=request.user)
    except Organization.DoesNotExist as exc:
        # A profile merged into another is hidden: its old address leads to the survivor.
        survivor = organization_merged_into(slug=slug)
        if survivor is not None:
            return HttpResponsePermanentRedirect(survivor.get_absolute_url())
        raise Http404(_("No such organization.")) from exc
    organization = context["organization"]
    if organization.merged_into_id:
        return HttpResponsePermanentRedirect(organization_merged_into(slug=slug).get_absolute_url())
    trust = trust_section(organization=organization, user=request.user)
    context.update(
        claim_form=ClaimForm(),
        posts=organization_posts(organization=organization),
        matched_cases=organization_matched_cases(organization=organization),
        flag_reasons=FlagReason.choices,
        trainings=trainings_of(organization=organization),
        **trust,
        **disclosure_section(organization=organization, user=request.user),
        trust_history_chart=_trust_history_chart(trust["trust"]),
        rating_form=RatingForm(initial=_rating_initial(trust["my_rating"])),
    )
    if csrf_token is not None:
        context["csrf_token"] = csrf_token  # a placeholder, filled per visitor by the page cache
    return render(request, "organization_profile.html", context)


def _trust_history_chart(trust):
    if not trust or len(trust["history"]) <= 1:
        return None
    return line_chart(
        series=[(_("Overall"), [float(value) for _day, value in trust["history"]])],
        x_labels=[day.strftime("%m-%d") for day, _value in trust["history"]],
        title=_("Trust score over time"), id_prefix="trust-history", unit="", y_max=100, show_title=False,
    )


def _rating_initial(my_rating):
    return {name: getattr(my_rating, name) for name in RATING_FIELDS} if my_rating else None


def set_language(request):
    """Django's language switch, but the page stays the same in the other language.

    Django translates the `next` address while resolving it in the *current* language, which on
    /i18n/setlang/ is the cookie's, not the page's: from /en/map/ choosing 简体中文 went back to
    /en/map/. The address is resolved in the language its own prefix says instead.
    """
    next_url = request.POST.get("next", request.GET.get("next", ""))
    page_language = translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(page_language):
        return django_set_language(request)


FAVICON = settings.BASE_DIR / "static" / "favicon.ico"


def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page's <link> says."""
    response = FileResponse(open(FAVICON, "rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


def home(request):
    """What the platform holds: organizations, open needs and offers, confirmed matches,
    organizations trained, a small map, recent matches and the next workshops (bounded queries)."""
    published = Organization.objects.filter(status=OrganizationStatus.PUBLISHED)
    return render(request, "home.html", {
        "published_count": published.count(),
        "recent": organization_list().order_by("-updated_at")[:6],
        "figures": {**platform_figures(), "trained": organizations_trained_count()},
        "recent_matches": recent_matches(limit=5),
        "upcoming": upcoming_events(limit=3),
        "search_form": DirectoryFilterForm(),
    })
