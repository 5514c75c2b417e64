"""Read replicas: reads of public pages and the map go to a PostgreSQL streaming replica when
DATABASE_REPLICA_URL is set; writes, and every read of a browser that wrote a moment ago, stay on
the primary (read-your-writes).

`ReplicaMiddleware` decides per request: a GET or HEAD outside the admin and the account pages,
from a browser with no fresh "wrote recently" cookie, reads from the replica. After any other
method it sets that cookie for REPLICA_PIN_SECONDS, longer than the replica's usual lag, so the
writer's next pages show what they just wrote. `ReplicaRouter` applies the decision; Celery tasks,
management commands and anything inside a transaction on the primary always use the primary.
"""

import contextvars
import time

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "ngo20_primary_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_read_from_replica = contextvars.ContextVar("read_from_replica", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _read_from_replica.get() and replica_configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def pinned_to_primary(request):
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaMiddleware:
    PRIMARY_PREFIXES = ("/admin/", "/en/admin/", "/accounts/", "/en/accounts/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_replica = (
            replica_configured()
            and request.method in SAFE_METHODS
            and not request.path_info.startswith(self.PRIMARY_PREFIXES)
            and not pinned_to_primary(request)
        )
        token = _read_from_replica.set(use_replica)
        try:
            response = self.get_response(request)
        finally:
            _read_from_replica.reset(token)
        if request.method not in SAFE_METHODS and replica_configured():
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(PIN_COOKIE, f"{time.time() + seconds:.3f}", max_age=seconds, httponly=True,
                                samesite="Lax", secure=not settings.DEBUG)
        return response
