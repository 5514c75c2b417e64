#!/usr/bin/env bash
# A backup of the site: PostgreSQL custom-format dump + uploaded media + manifest, in a new
# timestamped folder (var/backups/ngo20-YYYYMMDDTHHMMSSZ/ unless a destination is given).
#
#   scripts/backup.sh [DESTINATION]          (make backup; DEST=/srv/backups make backup)
#
# The database is the site's own (DATABASE_URL, or .env); media come from MEDIA_ROOT.
set -euo pipefail
cd "$(dirname "$0")/.."
# manage.py needs DEBUG on a developer machine, which has no SECRET_KEY; a server's environment
# or .env sets DEBUG=false and its secrets, and is left alone.
if [ -z "${DEBUG:-}" ] && ! { [ -f .env ] && grep -Eq '^[[:space:]]*(export[[:space:]]+)?DEBUG=' .env; }; then
    export DEBUG=true
fi
destination=${1:-${DEST:-var/backups}}
exec .venv/bin/python manage.py backup --destination "$destination"
