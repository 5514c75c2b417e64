"""Pages composed from several apps (the project package knows every app)."""

from django.shortcuts import render

from mapplatform.models import FlagReason
from mapplatform.selectors import organization_matched_cases, organization_posts
from orgs.views.profile import profile_context
from trainings.selectors import trainings_of


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
    )
    return render(request, "organization_profile.html", context)
