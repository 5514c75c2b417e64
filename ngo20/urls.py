"""Top-level URLs. Pages are under i18n_patterns: unprefixed is Chinese, /en/ is English."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from common.views import serve_upload
from mapplatform.open_views import OpenDataView, open_data_download
from ngo20.api import api_not_found
from ngo20.views import favicon, home, organization_profile, set_language
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
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
    # The open datasets' files, one address each whatever the language (issue 15).
    path("open-data/<str:name>", open_data_download, name="open-data-file"),
    path("api/", include("orgs.api.urls")),
    path("api/", include("mapplatform.api.urls")),
    path("api/", include("evaluation.api.urls")),
    path("api/open-data/", OpenDataView.as_view(), name="api-open-data"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from the sidecar package; the split view serves its script as a file (no inline
    # script under the CSP). No Redoc: its page loads web fonts from outside.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ (an id that is not a number, say) is a JSON 404, as the schema says.
    re_path(r"^api/.+/$", api_not_found),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # The one profile page: orgs' part composed with the map, trainings and trust sections.
    path("orgs/<profile_slug:slug>/", organization_profile, name="organization-profile"),
    path("surveys/", include("surveys.urls")),
    path("trainings/", include("trainings.urls")),
    path("trust/", include("evaluation.urls")),
    # The home page composes figures of every app.
    path("", home, name="home"),
    path("", include("mapplatform.urls")),
    path("", include("mapplatform.open_urls")),
    path("", include("orgs.urls")),
    prefix_default_language=False,
)

if settings.BENCH_ENDPOINTS:
    # Naive baselines for bench/ only: never switched on in production.
    urlpatterns += [path("bench/", include("bench.urls"))]

# Uploads as safe downloads when DEBUG or SERVE_MEDIA is on (in production nginx serves /media/
# with the same headers).
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_upload, name="media")]

admin.site.site_header = "NGO 2.0 / 中国公益2.0"
admin.site.site_title = "NGO 2.0"
