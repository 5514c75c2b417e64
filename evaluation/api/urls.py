from rest_framework.routers import DefaultRouter

from .views import RatingViewSet, TrustViewSet

router = DefaultRouter()
router.register("ratings", RatingViewSet, basename="rating")
router.register("trust", TrustViewSet, basename="trust")

urlpatterns = router.urls
