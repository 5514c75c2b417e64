"""Pages composed from several apps (the project package knows every app)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.charts import line_chart
from evaluation.forms import RatingForm
from evaluation.selectors import trust_section
from mapplatform.models import FlagReason
from mapplatform.selectors import organization_matched_cases, organization_posts
from orgs.forms import ClaimForm
from orgs.models import Organization
from orgs.selectors import organization_profile as organization_profile_of
from trainings.selectors import trainings_of

RATING_FIELDS = ("public_trust", "financial", "influence", "comment")


def organization_profile(request, slug):
    """The organization's public page: its profile (orgs), with its needs, offers and matched
    cases from the map, the workshops it took part in, and its trust section (evaluation)."""
    try:
        context = organization_profile_of(slug=slug, user=request.user)
    except Organization.DoesNotExist as exc:
        raise Http404(_("No such organization.")) from exc
    organization = context["organization"]
    trust = trust_section(organization=organization, user=request.user)
    context.update(
        claim_form=ClaimForm(),
        posts=organization_posts(organization=organization),
        matched_cases=organization_matched_cases(organization=organization),
        flag_reasons=FlagReason.choices,
        trainings=trainings_of(organization=organization),
        **trust,
        trust_history_chart=_trust_history_chart(trust["trust"]),
        rating_form=RatingForm(initial=_rating_initial(trust["my_rating"])),
    )
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
