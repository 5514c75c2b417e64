"""Reads of Future Village shared by its pages (and, later, the map layer and directory pages)."""

from django.contrib.gis.geos import Polygon
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber

from .models import CoDesignProject, ProjectOutcome, Village, VillagePhoto, VillageStatus

# Bounds of the lists on a village's and a project's page.
PAGE_PHOTOS = 20
PAGE_OUTCOMES = 30


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
            .prefetch_related(Prefetch("photos", to_attr="shown_photos",
                                       queryset=VillagePhoto.objects.order_by("pk")[:PAGE_PHOTOS]))
            .first())


def project_detail(*, pk, user):
    visible = Q(village__status=VillageStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(village__proposed_by=user)
    return (CoDesignProject.objects.filter(visible, pk=pk)
            .select_related("village__county")
            .prefetch_related("participants__user", "stage_changes__changed_by", "organizations",
                              "teams__challenge__event", "needs__post",
                              Prefetch("reported_outcomes", to_attr="recent_outcomes",
                                       queryset=ProjectOutcome.objects.order_by("-created_at", "-pk")[:PAGE_OUTCOMES]))
            .first())


# The map layer: at most this many villages in one box (the densest first would need a cluster;
# villages are few, so the cap is a guard, and the answer says when it was reached), and at most
# this many open projects listed in each village's popup.
MAP_VILLAGE_CAP = 300
MAP_PROJECTS_PER_VILLAGE = 5


def villages_on_map(*, bbox, stage="", role=""):
    """Published villages in the box with their open projects, for the map layer. With a stage or
    a role wanted, only villages having an open project that matches, and only those projects.
    Returns (villages, truncated); two queries whatever the number of villages."""
    projects = CoDesignProject.objects.filter(call_open=True)
    if stage:
        projects = projects.filter(stage=stage)
    if role:
        projects = projects.filter(roles_wanted__contains=[role])
    villages = (Village.objects.filter(status=VillageStatus.PUBLISHED, location__within=Polygon.from_bbox(bbox))
                .select_related("county"))
    if stage or role:
        villages = villages.filter(pk__in=projects.values("village_id"))
    ranked = projects.annotate(rank=Window(RowNumber(), partition_by=F("village_id"),
                                           order_by=[F("created_at").desc(), F("pk").desc()]))
    villages = list(villages.order_by("-created_at", "pk")
                    .prefetch_related(Prefetch("projects", to_attr="open_projects",
                                               queryset=ranked.filter(rank__lte=MAP_PROJECTS_PER_VILLAGE)))
                    [:MAP_VILLAGE_CAP + 1])
    return villages[:MAP_VILLAGE_CAP], len(villages) > MAP_VILLAGE_CAP


PLACE_VILLAGES = 20
PLACE_PROJECTS = 10


def _in_division(division, prefix="county"):
    """Villages (or, with prefix="village__county", projects) in a province, city or county."""
    if division.level == "province":
        return Q(**{f"{prefix}__code__startswith": division.code[:2]})
    if division.level == "city":
        return Q(**{f"{prefix}__parent_id": division.code})
    return Q(**{f"{prefix}_id": division.code})


def future_village_in_place(*, division, user=None):
    """The Future Village section of a place's page in the directory: published villages there and
    their open co-design projects, newest first, bounded; None when there are none (two queries)."""
    villages = list(villages_published().filter(_in_division(division))[:PLACE_VILLAGES + 1])
    if not villages:
        return None
    projects = list(CoDesignProject.objects.filter(_in_division(division, "village__county"), call_open=True,
                                                   village__status=VillageStatus.PUBLISHED)
                    .select_related("village").order_by("-created_at", "-pk")[:PLACE_PROJECTS])
    return {"villages": villages[:PLACE_VILLAGES], "more_villages": len(villages) > PLACE_VILLAGES,
            "projects": projects}
