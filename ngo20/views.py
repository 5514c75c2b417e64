"""Pages composed from several apps (the project package knows every app)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from common.charts import line_chart
from common.pagecache import cached_public_page, is_public_request
from evaluation.forms import RatingForm
from evaluation.models import Rating
from evaluation.selectors import trust_explanation
from mapplatform.models import FlagReason
from mapplatform.selectors import organization_matched_cases, organization_posts
from orgs.selectors import organization_page_stamp
from orgs.services.pagecache import organization_page_scopes
from orgs.views.profile import profile_context
from trainings.selectors import trainings_of


def organization_profile(request, slug):
    """The organization's public page: its profile (orgs), with its needs, offers and matched
    cases from the map, and the workshops it took part in.

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
    context = profile_context(request, slug)
    organization = context["organization"]
    context.update(
        posts=organization_posts(organization=organization),
        matched_cases=organization_matched_cases(organization=organization),
        flag_reasons=FlagReason.choices,
        trainings=trainings_of(organization=organization),
        **_trust_context(request, organization),
    )
    if csrf_token is not None:
        context["csrf_token"] = csrf_token  # a placeholder, filled per visitor by the page cache
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
