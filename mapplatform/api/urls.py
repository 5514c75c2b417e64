from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import (
    MapFeaturesView,
    MapListView,
    MatchedCasesView,
    MatchViewSet,
    PostViewSet,
    ProvinceLayerView,
)

router = DefaultRouter()
router.register("posts", PostViewSet, basename="post")
router.register("matches", MatchViewSet, basename="match")

urlpatterns = [
    path("map/features/", MapFeaturesView.as_view(), name="map-features"),
    path("map/list/", MapListView.as_view(), name="map-list"),
    path("map/provinces/", ProvinceLayerView.as_view(), name="map-provinces"),
    path("map/matches/", MatchedCasesView.as_view(), name="map-matches"),
    *router.urls,
]
