"""A health check for load balancers and deployers: database and Redis answer."""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT PostGIS_Lib_Version()")
            checks["database"] = "ok"
    except Exception as exc:  # report, don't crash: this page exists to say what is down
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("healthz", "ok", 5)
        checks["redis"] = "ok" if cache.get("healthz") == "ok" else "error"
    except Exception as exc:
        checks["redis"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
