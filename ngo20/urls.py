"""Top-level URLs. Pages are under i18n_patterns: unprefixed is Chinese, /en/ is English."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

from ngo20.api import api_not_found
from ngo20.views import organization_profile
from orgs.views.health import healthz


class ProfileSlugConverter:
    """An organization's address, but not the fixed page orgs/new/."""

    regex = r"(?!new/?$)[^/]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ProfileSlugConverter, "profile_slug")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("orgs.api.urls")),
    path("api/", include("mapplatform.api.urls")),
    path("api/", include("evaluation.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # Anything else under /api/ (an id that is not a number, say) is a JSON 404, as the schema says.
    re_path(r"^api/.+/$", api_not_found),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # The profile page composed with the map's sections; same address as orgs:detail.
    path("orgs/<profile_slug:slug>/", organization_profile, name="organization-profile"),
    path("surveys/", include("surveys.urls")),
    path("trainings/", include("trainings.urls")),
    path("trust/", include("evaluation.urls")),
    path("", include("mapplatform.urls")),
    path("", include("orgs.urls")),
    prefix_default_language=False,
)

if settings.BENCH_ENDPOINTS:
    # Naive baselines for bench/ only: never switched on in production.
    urlpatterns += [path("bench/", include("bench.urls"))]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "NGO 2.0 / 中国公益2.0"
admin.site.site_title = "NGO 2.0"
