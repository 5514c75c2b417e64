#!/usr/bin/env bash
# Restore a backup folder written by scripts/backup.sh, then check every table's row count and every
# media file against its manifest; exits non-zero if anything differs.
#
#   scripts/restore.sh FOLDER [--database-url URL] [--clean]     (make restore BACKUP=FOLDER)
#
# Into an empty database by default (create one with CREATEDB: PostGIS comes from template1);
# --clean replaces the contents of a database that has tables.
set -euo pipefail
cd "$(dirname "$0")/.."
# manage.py needs DEBUG on a developer machine, which has no SECRET_KEY; a server's environment
# or .env sets DEBUG=false and its secrets, and is left alone.
if [ -z "${DEBUG:-}" ] && ! { [ -f .env ] && grep -Eq '^[[:space:]]*(export[[:space:]]+)?DEBUG=' .env; }; then
    export DEBUG=true
fi
if [ $# -lt 1 ]; then
    echo "usage: scripts/restore.sh FOLDER [--database-url URL] [--clean]" >&2
    exit 2
fi
exec .venv/bin/python manage.py restore "$@"
