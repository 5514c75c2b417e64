"""Children of a division as JSON, for the province → city → county selects."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control

from ..selectors import basemap_label_divisions, division_children


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


@cache_control(public=True, max_age=86400)
def basemap_labels(request):
    """Names and label points of provinces and prefectures for the local base map, in the page's
    language. Bounded: 34 provinces and about 370 prefecture-level units."""

    def rows(divisions):
        return [{"name": division.display_name, "lng": round(division.centroid.x, 4),
                 "lat": round(division.centroid.y, 4)} for division in divisions]

    provinces, cities = basemap_label_divisions()
    return JsonResponse({"provinces": rows(provinces), "cities": rows(cities)})
