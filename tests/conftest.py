"""Fixtures shared by all tests: reference data, a clean Redis cache, the browser."""

import os
import time

import pytest
from django.core.cache import cache
from django.utils import translation

# live_server and Playwright run Django's ORM from inside an event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config):
    from django.conf import settings

    # Hashing with PBKDF2 dominates factory time; tests check permissions, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the fresh test database."""
    from orgs.services.reference import reference_data_load

    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture(autouse=True)
def _reference_data_present(request):
    """Transactional tests empty every table afterwards; put the reference data back."""
    uses_database = request.node.get_closest_marker("django_db") or (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not uses_database:
        return
    request.getfixturevalue("_django_db_helper")  # the database is set up before we look
    from orgs.models import Division
    from orgs.services.reference import reference_data_load

    if not Division.objects.exists():
        reference_data_load()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters live in Redis; start each test at zero.

    Only this site's cache keys are deleted: the Celery broker's queue may share the database.
    """
    cache.delete_pattern("*")
    yield


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service-level tests read messages in English; pages choose their language by URL."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _email_to_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def page(page):
    """Playwright's page; afterwards it is closed and the live server's last queries are waited for
    (bounded), so the flush that empties the tables after a browser test never meets a map request
    the page fired as it closed (PostgreSQL broke one such lock cycle as a deadlock, failing the
    flush)."""
    yield page
    page.close()
    _wait_for_other_queries(seconds=15)


def _wait_for_other_queries(*, seconds):
    from django.db import connection

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state NOT IN ('idle')"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.05)  # polling a condition, bounded by the deadline


@pytest.fixture
def celery_worker():
    """A real Celery worker in a thread, on the test Redis broker, starting from an empty queue
    (tests without a worker may have left tasks queued after their commits)."""
    from celery.contrib.testing.worker import start_worker

    from ngo20.celery import app

    app.conf.task_always_eager = False
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
