#!/usr/bin/env bash
# Runs every check CI runs: the import layers (import-linter) and the linter (ruff) pass, migrations
# are in step with the models, the production settings pass Django's deployment checks, then the
# test suite (browser journeys included). Arguments go to pytest:
#
#   scripts/test.sh -k organization -x
set -euo pipefail

cd "$(dirname "$0")/.."

bash scripts/setup.sh --with-browser --no-demo

py=.venv/bin/python

echo "==> Checking the import layers (pyproject.toml [tool.importlinter], docs/architecture.md)"
.venv/bin/lint-imports --no-cache
echo "==> Linting (ruff, pyproject.toml [tool.ruff])"
.venv/bin/ruff check --no-cache .

echo "==> Checking that the models need no new migration"
"$py" manage.py makemigrations --check --dry-run --settings ngo20.settings_test

# Before the test variables below: the deployment checks rightly reject DJANGO_ALLOW_ASYNC_UNSAFE.
echo "==> Checking production settings (manage.py check --deploy)"
# A fresh random key each run: nothing secret is stored, and the key-strength check still applies.
secret=$("$py" -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(50)))')
env -u DJANGO_ALLOW_ASYNC_UNSAFE DEBUG=false SECRET_KEY="$secret" ALLOWED_HOSTS=ngo20.example.org \
    "$py" manage.py check --deploy --fail-level WARNING

# Tests keep out of the development data: their own Redis database and key prefix, no map tiles
# from the network, and Celery configured as in production (tasks are queued, not run inline).
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/15}
export CACHE_KEY_PREFIX=test
export MAP_OFFLINE=true
# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse ORM calls.
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export CELERY_TASK_ALWAYS_EAGER=false

echo "==> Running the test suite"
# Last, so its summary closes the output and its exit code is the script's.
"$py" -m pytest --create-db -q "$@"
