from django.urls import path

from . import baselines

app_name = "bench"

urlpatterns = [
    path("bare/", baselines.bare, name="bare"),
    path("map-all/", baselines.map_all_points, name="map-all"),
    path("search-ilike/", baselines.search_ilike, name="search-ilike"),
    path("org-python/<str:slug>/", baselines.organization_python, name="org-python"),
    path("funders-python/", baselines.funders_python, name="funders-python"),
    path("survey-python/<slug:slug>/", baselines.survey_results_python, name="survey-python"),
]
