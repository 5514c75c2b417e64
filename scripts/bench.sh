#!/usr/bin/env bash
# The benchmark in its own database: set-up, data, figures.
#
#   scripts/bench.sh [--size full|national|tiny] [--fresh]     (make bench ARGS="--size national")
#     full      100,000 organizations, 1,000,000 ratings   (database ngo20_bench, ~14 min on 2 cores)
#     national  1,000,000 organizations, 10,000,000 ratings (database ngo20_bench_national, ~50 min:
#               ~25 to generate, ~23 to measure; tune PostgreSQL first, docs/deploy.md)
#     tiny      a few hundred rows, seconds (the test suite runs it too)
#     --fresh   drop the benchmark database first; without it an interrupted run resumes
#
# Results: var/bench/<size>/results.json and results.md; docs/performance.md explains them.
set -euo pipefail
cd "$(dirname "$0")/.."
# The commands below run on a developer machine; bench_run starts gunicorn with DEBUG off itself.
export DEBUG=${DEBUG:-true}

size=full
fresh=false
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size=${2:?--size needs full, national or tiny}; shift 2 ;;
        --fresh) fresh=true; shift ;;
        *) echo "usage: $0 [--size full|national|tiny] [--fresh]" >&2; exit 2 ;;
    esac
done
case "$size" in full|national|tiny) ;; *) echo "unknown size: $size" >&2; exit 2 ;; esac

bash scripts/setup.sh --no-demo

if [ -z "${DATABASE_URL:-}" ]; then
    # A separate database per size, so the development data stays as it is. Kept between runs:
    # the generator resumes where an interrupted run stopped (--fresh starts again).
    database=ngo20_bench
    [ "$size" = full ] || database=ngo20_bench_$size
    if $fresh; then
        runuser -u postgres -- psql -q -c "DROP DATABASE IF EXISTS $database"
    fi
    if ! runuser -u postgres -- psql -Atqc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
        runuser -u postgres -- psql -q -c "CREATE DATABASE $database OWNER ngo20"
    fi
    export DATABASE_URL=postgis://ngo20:ngo20@127.0.0.1:5432/$database
fi
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/8} CACHE_KEY_PREFIX=bench-$size

py=.venv/bin/python
echo "==> Preparing the benchmark database"
"$py" manage.py migrate --noinput -v 0
"$py" manage.py load_reference_data
echo "==> Generating $size data"
time "$py" manage.py bench_generate --size "$size"
echo "==> Measuring"
time "$py" manage.py bench_run --mode "$size" --output "var/bench/$size"
if [ "$size" != tiny ]; then
    # The trust recompute and funders' list (bench/trust.py), the directory search by query class
    # (bench/search.py) and 50 clients for 60 s (bench/soak.py), on the same data.
    echo "==> Trust score and funders' list"
    "$py" manage.py bench_trust --output "var/bench/$size"
    echo "==> Directory search, by query class"
    "$py" manage.py bench_search --requests 50 | tee "var/bench/$size/search.md"
    echo "==> Organization import, 10,000 rows (checked, confirmed, imported; then removed)"
    "$py" manage.py bench_import --rows 10000 --output "var/bench/$size"
    echo "==> 50 clients for 60 seconds"
    "$py" manage.py bench_soak --clients 50 --seconds 60 --output "var/bench/$size"
    # Last: it adds its own rows (subscriptions, a day's new posts), which the cases above must not see.
    echo "==> Area digests: 100,000 subscriptions, one daily run (bench/digest.py)"
    "$py" manage.py bench_digest --subscriptions 100000 --output "var/bench/$size"
fi
