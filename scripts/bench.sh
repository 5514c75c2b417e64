#!/usr/bin/env bash
# The full benchmark at national scale in its own database (ngo20_bench): set-up, data, figures.
#
#   scripts/bench.sh [--size full|tiny]      (make bench; about 15 minutes on 2 cores for full)
#
# Results: var/bench/results.json and results.md; docs/performance.md explains them.
set -euo pipefail
cd "$(dirname "$0")/.."
# The commands below run on a developer machine; bench_run starts gunicorn with DEBUG off itself.
export DEBUG=${DEBUG:-true}

size=full
[ "${1:-}" = "--size" ] && size=${2:-full}
mode=$size

bash scripts/setup.sh --no-demo

if [ -z "${DATABASE_URL:-}" ]; then
    # A separate database, recreated each time, so the development data stays as it is.
    runuser -u postgres -- psql -q -c "DROP DATABASE IF EXISTS ngo20_bench" \
                                   -c "CREATE DATABASE ngo20_bench OWNER ngo20"
    export DATABASE_URL=postgis://ngo20:ngo20@127.0.0.1:5432/ngo20_bench
fi
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/8} CACHE_KEY_PREFIX=bench

py=.venv/bin/python
echo "==> Preparing the benchmark database"
"$py" manage.py migrate --noinput -v 0
"$py" manage.py load_reference_data
echo "==> Generating $size data"
time "$py" manage.py bench_generate --size "$size"
echo "==> Measuring"
time "$py" manage.py bench_run --mode "$mode"
