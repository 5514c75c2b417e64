#!/usr/bin/env bash
# Brings a Debian 12 machine to a runnable NGO 2.0 site. Safe to run again: each step checks first.
#
#   scripts/setup.sh [--with-browser] [--no-demo]
#     --with-browser  also install Debian's chromium (the browser tests drive it through Playwright)
#     --no-demo       skip the demo organizations and accounts (reference data is always loaded)
#
# DATABASE_URL / REDIS_URL set (in the environment or in .env) mean "use that server": this script
# then creates nothing there and only runs migrations. Unset, it runs PostgreSQL and Redis locally.
set -euo pipefail

cd "$(dirname "$0")/.."

# A development set-up: its manage.py commands (migrate, reference and demo data) run with DEBUG on
# unless the caller says DEBUG=false, which then needs SECRET_KEY and ALLOWED_HOSTS as in production.
export DEBUG=${DEBUG:-true}

with_browser=false
demo=true
for arg in "$@"; do
    case "$arg" in
        --with-browser) with_browser=true ;;
        --no-demo) demo=false ;;
        *) echo "usage: $0 [--with-browser] [--no-demo]" >&2; exit 2 ;;
    esac
done

PYTHON=${PYTHON:-python3.11}
VENV=.venv
PG_VERSION=15
DB_NAME=ngo20 DB_USER=ngo20 DB_PASSWORD=ngo20

step() { printf '==> %s\n' "$*"; }

# settings.py also reads .env, so a URL given only there counts as "set" too.
is_configured() {
    [ -n "${!1:-}" ] || { [ -f .env ] && grep -Eq "^[[:space:]]*(export[[:space:]]+)?$1=." .env; }
}

# Polls until "$@" succeeds, for at most $timeout seconds: services start in the background.
wait_for() {
    local what=$1 timeout=$2; shift 2
    for _ in $(seq "$timeout"); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "ERROR: $what did not come up within ${timeout}s" >&2
    return 1
}

redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# --- System packages --------------------------------------------------------------------------
step "Checking system packages"
packages=(postgresql-15-postgis-3 gdal-bin redis-server gettext)
# fonts-wqy-microhei: Chinese glyphs in the browser tests' screenshots.
$with_browser && packages+=(chromium fonts-liberation fonts-wqy-microhei)
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    step "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"
fi

# --- Python environment -------------------------------------------------------------------------
# A venv whose interpreter has gone (e.g. pyenv upgraded) or is not 3.11 is rebuilt, not patched.
if ! "$VENV/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 11)' >/dev/null 2>&1; then
    step "Creating $VENV with $PYTHON"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.ngo20-install-stamp"
wanted=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    step "Installing Python packages (pinned by constraints.txt)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
    echo "$wanted" > "$stamp"
else
    step "Python packages up to date"
fi
py="$VENV/bin/python"

# --- PostgreSQL + PostGIS ---------------------------------------------------------------------
if is_configured DATABASE_URL; then
    step "DATABASE_URL is set: using that database as it is"
else
    step "Ensuring PostgreSQL $PG_VERSION is running"
    pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$PG_VERSION/main" \
        || pg_createcluster "$PG_VERSION" main
    pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online \
        || pg_ctlcluster "$PG_VERSION" main start
    wait_for "PostgreSQL" 30 pg_isready -q -h 127.0.0.1 -p 5432

    # PostgreSQL refuses root: everything administrative runs as the postgres user.
    psql_admin() {
        PGOPTIONS='--client-min-messages=warning' runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"
    }
    step "Ensuring role and database '$DB_NAME'"
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
        # CREATEDB (not superuser) is what the test runner needs to create its test database.
        psql_admin -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
    fi
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
        psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
    fi
    # Creating PostGIS needs a superuser. Doing it in template1 too means the test databases,
    # which the non-superuser role creates from template1, already have the extensions.
    for db in template1 "$DB_NAME"; do
        psql_admin -d "$db" -c "CREATE EXTENSION IF NOT EXISTS postgis" \
                            -c "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    done
fi

# --- Redis --------------------------------------------------------------------------------------
if is_configured REDIS_URL; then
    step "REDIS_URL is set: using that Redis"
elif redis_up; then
    step "Redis already running"
else
    step "Starting Redis"
    # No systemd here: the init script usually works; if not, run the server directly.
    service redis-server start >/dev/null 2>&1 \
        || { mkdir -p var/redis && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --dir "$PWD/var/redis" >/dev/null; }
    wait_for "Redis" 30 redis_up
fi

# --- Django -------------------------------------------------------------------------------------
mkdir -p var/log var/mail var/media var/static  # WhiteNoise warns when STATIC_ROOT is missing
# compilemessages stops with an error when there is no catalogue at all, so skip it until one exists.
if find . \( -path ./.venv -o -path ./var -o -path ./node_modules \) -prune -o -name '*.po' -print -quit | grep -q .; then
    step "Compiling translations"
    "$py" manage.py compilemessages -i .venv -i var -i node_modules -v 0
fi
step "Applying migrations"
"$py" manage.py migrate --noinput
step "Loading reference data"
"$py" manage.py load_reference_data
if $demo; then
    step "Loading demo data"
    "$py" manage.py load_demo_data
    # The open datasets are written nightly by Celery beat; the first ones now, so their stable
    # addresses (/open-data/organizations.csv …) answer from the first run.
    step "Writing the open datasets"
    "$py" manage.py publish_open_data
fi
step "Setup complete"
