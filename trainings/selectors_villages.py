"""Reads of Future Village shared by its pages (and, later, the map layer and directory pages)."""

from django.db.models import Count, Q

from .models import CoDesignProject, Village, VillageStatus


def villages_published():
    return (Village.objects.filter(status=VillageStatus.PUBLISHED)
            .select_related("county__parent")
            .annotate(project_count=Count("projects"))
            .order_by("-created_at", "pk"))


def village_visible(*, pk, user):
    """A published village, or a proposed one to the person who proposed it; None otherwise."""
    visible = Q(status=VillageStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(proposed_by=user)
    return (Village.objects.filter(visible, pk=pk).select_related("county__parent")
            .prefetch_related("photos").first())


def project_detail(*, pk, user):
    visible = Q(village__status=VillageStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(village__proposed_by=user)
    return (CoDesignProject.objects.filter(visible, pk=pk)
            .select_related("village__county")
            .prefetch_related("participants__user", "stage_changes__changed_by", "organizations",
                              "teams__challenge__event", "needs__post")
            .first())
