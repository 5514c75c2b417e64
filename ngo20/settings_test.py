"""Settings for the test suite: production's settings (DEBUG off), plus the few things a test run
needs that a server must not have by default.

pytest reads this module (pyproject.toml); nothing else should.
"""

import os

# Before the settings read the environment: DEBUG=true in a developer's .env must not change what
# the tests check, and the secrets a server must be given have test values here.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")

from .settings import *  # noqa: E402,F403

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Pages render without running collectstatic first (the manifest storage needs its output).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
