"""Reads of the talent pool: the public search and a maker's page."""

from django.db.models import Prefetch

from .models import HackathonRegistration, MakerProfile, ProjectParticipant


def makers_search(*, skill="", province=None):
    """Public profiles whose skills mention `skill`, in `province` if given (newest first)."""
    profiles = (MakerProfile.objects.filter(is_public=True)
                .select_related("user", "province").prefetch_related("fields"))
    skill = " ".join((skill or "").split())[:50]
    if skill:
        profiles = profiles.filter(skills__icontains=skill)
    if province is not None:
        profiles = profiles.filter(province=province)
    return profiles.order_by("-updated_at", "pk")


def maker_page(*, pk):
    return (MakerProfile.objects.filter(pk=pk, is_public=True)
            .select_related("user", "province")
            .prefetch_related(
                "fields",
                Prefetch("user__codesign_participations",
                         queryset=ProjectParticipant.objects.select_related("project__village"),
                         to_attr="projects_joined"),
                Prefetch("user__hackathon_registrations",
                         queryset=HackathonRegistration.objects.select_related("event"),
                         to_attr="hackathons_joined"),
            ).first())
