#!/usr/bin/env bash
# Runs the whole site for development: set-up, then a Celery worker and beat in the background
# (logs in var/log/) and Django's development server in the foreground. Ctrl-C stops all three.
#
#   scripts/run.sh [--no-demo]        PORT=8001 scripts/run.sh   to use another port
set -euo pipefail

cd "$(dirname "$0")/.."

# Development: DEBUG on (settings default to off, i.e. production) for the set-up, the web server,
# the worker and beat. DEBUG=false make run still means false.
export DEBUG=${DEBUG:-true}

bash scripts/setup.sh "$@"

py=.venv/bin/python
port=${PORT:-8000}
mkdir -p var/log var/mail

pids=()
stop_background() {
    trap - EXIT INT TERM HUP
    [ ${#pids[@]} -gt 0 ] || return 0
    echo "==> Stopping Celery worker and beat"
    kill "${pids[@]}" 2>/dev/null || true
    # The worker finishes its current task on SIGTERM; give it a bounded grace period.
    for _ in $(seq 20); do
        kill -0 "${pids[@]}" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
}
# Ctrl-C, a closed terminal or an error anywhere below must not leave the worker and beat behind.
trap stop_background EXIT
trap 'stop_background; exit 130' INT TERM HUP

echo "==> Starting Celery worker and beat (logs: var/log/celery-worker.log, var/log/celery-beat.log)"
.venv/bin/celery -A ngo20 worker -l info --concurrency 2 >> var/log/celery-worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A ngo20 beat -l info --schedule var/celerybeat-schedule >> var/log/celery-beat.log 2>&1 &
pids+=($!)

admin=$(DJANGO_SETTINGS_MODULE=ngo20.settings "$py" -c \
    "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))" \
    2>/dev/null || echo /admin/)
cat <<EOF

  NGO 2.0 is starting at  http://127.0.0.1:${port}/
  Admin:                  http://127.0.0.1:${port}${admin}
  Emails (dev):           written as files to var/mail/
  Demo logins:
EOF
"$py" manage.py load_demo_data --logins-only | sed 's/^/    /'
echo

"$py" manage.py runserver "0.0.0.0:${port}"
