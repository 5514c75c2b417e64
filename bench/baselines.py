"""Naive versions of the key requests, served only when settings.BENCH_ENDPOINTS is on, so the
benchmark compares the platform's way with the obvious way in the same run."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from evaluation.models import Rating, TrustScore
from orgs.models import Organization, OrganizationStatus
from surveys.models import Answer, Survey


class AllPointsSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Organization
        geo_field = "location"
        fields = ["id", "name", "kind", "slug"]


def bare(request):
    """A bare Django view (no database, no template): the yardstick for pages' requests per second."""
    return HttpResponse("ok", content_type="text/plain")


def map_all_points(request):
    """Every published organization in one GeoJSON document (drf-gis), whatever the view."""
    organizations = Organization.objects.filter(status=OrganizationStatus.PUBLISHED, location__isnull=False).only(
        "id", "name", "kind", "slug", "location")
    data = AllPointsSerializer(organizations, many=True).data
    return HttpResponse(JSONRenderer().render(data), content_type="application/json")


def search_ilike(request):
    """The directory search as a plain ILIKE scan over name and description."""
    query = request.GET.get("q", "")
    organizations = Organization.objects.filter(status=OrganizationStatus.PUBLISHED).filter(
        Q(name__icontains=query) | Q(description__icontains=query)).order_by("-updated_at", "-id")
    page = Paginator(organizations, 20).get_page(1)
    return JsonResponse({"count": page.paginator.count, "names": [o.name for o in page]})


def organization_python(request, slug):
    """An organization's rating averages computed in Python over all its ratings."""
    organization = get_object_or_404(Organization, slug=slug)
    ratings = list(Rating.objects.filter(organization=organization, status="visible"))
    count = len(ratings) or 1
    return JsonResponse({
        "name": organization.name,
        "public_trust": sum(r.public_trust for r in ratings) / count,
        "financial": sum(r.financial for r in ratings) / count,
        "influence": sum(r.influence for r in ratings) / count,
    })


def funders_python(request):
    """The funders' list sorted in Python after loading every score."""
    scores = sorted(TrustScore.objects.select_related("organization"), key=lambda s: -s.overall)
    return JsonResponse({"names": [s.organization.name for s in scores[:20]], "count": len(scores)})


def survey_results_python(request, slug):
    """Survey results counted in Python over every answer row."""
    survey = get_object_or_404(Survey, slug=slug)
    counts = {}
    for answer in Answer.objects.filter(response__survey=survey, response__status="submitted").iterator(
            chunk_size=5000):
        bucket = counts.setdefault(answer.question_id, {})
        for value in answer.choices or [str(answer.number if answer.number is not None else answer.boolean)]:
            bucket[value] = bucket.get(value, 0) + 1
    return JsonResponse({"questions": len(counts)})
