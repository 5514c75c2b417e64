"""Pages composed from several apps (the project package knows every app)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

from evaluation.forms import RatingForm
from evaluation.models import Rating
from evaluation.selectors import trust_explanation
from mapplatform.models import FlagReason
from mapplatform.selectors import organization_matched_cases, organization_posts, platform_figures, recent_matches
from orgs.forms import DirectoryFilterForm
from orgs.models import Organization, OrganizationStatus
from orgs.selectors import organization_list
from orgs.views.profile import profile_context
from common.charts import line_chart
from trainings.selectors import organizations_trained_count, trainings_of, upcoming_events


def organization_profile(request, slug):
    """The organization's public page: its profile (orgs), with its needs, offers and matched
    cases from the map, and the workshops it took part in."""
    context = profile_context(request, slug)
    organization = context["organization"]
    context.update(
        posts=organization_posts(organization=organization),
        matched_cases=organization_matched_cases(organization=organization),
        flag_reasons=FlagReason.choices,
        trainings=trainings_of(organization=organization),
        **_trust_context(request, organization),
    )
    return render(request, "organization_profile.html", context)


def _trust_context(request, organization):
    """The trust section: the score explained, its history drawn, and the visitor's rating."""
    trust = trust_explanation(organization=organization)
    history_chart = None
    if trust and len(trust["history"]) > 1:
        history_chart = line_chart(
            series=[(_("Overall"), [float(value) for _day, value in trust["history"]])],
            x_labels=[day.strftime("%m-%d") for day, _value in trust["history"]],
            title=_("Trust score over time"), id_prefix="trust-history", unit="", y_max=100, show_title=False,
        )
    my_rating = None
    if request.user.is_authenticated:
        my_rating = Rating.objects.filter(user=request.user, organization=organization).first()
    initial = {name: getattr(my_rating, name) for name in ("public_trust", "financial", "influence", "comment")} if my_rating else None
    return {
        "trust": trust,
        "trust_history_chart": history_chart,
        "can_rate": request.user.has_perm("evaluation.rate_organization", organization),
        "my_rating": my_rating,
        "rating_form": RatingForm(initial=initial),
        "recent_ratings": Rating.objects.filter(organization=organization, status="visible")
        .exclude(comment="").select_related("user").order_by("-updated_at")[:5],
    }


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
