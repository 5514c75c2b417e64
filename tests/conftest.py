"""Fixtures shared by all tests: reference data, a clean Redis cache, the browser."""

import os

import pytest
from django.core.cache import cache

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
    if not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    from orgs.models import Division
    from orgs.services.reference import reference_data_load

    if not Division.objects.exists():
        reference_data_load()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters live in Redis (a test database number); start each test at zero."""
    cache.clear()
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
