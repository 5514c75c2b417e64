"""Children of a division as JSON, for the province → city → county selects."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control

from ..selectors import division_children


@cache_control(public=True, max_age=86400)
def children(request, code):
    rows = [
        {
            "code": division.code,
            "name": division.display_name,
            "level": division.level,
            "lon": round(division.centroid.x, 6),
            "lat": round(division.centroid.y, 6),
        }
        for division in division_children(parent_code=code[:6])
    ]
    return JsonResponse({"children": rows})
