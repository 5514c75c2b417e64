"""gunicorn's settings wherever the site is served: the Docker image, docker-compose and the
benchmark (bench/runner.py) all start gunicorn from this directory, where it reads this file by
itself. Each setting can be changed from the environment; command-line flags override both.

One thread per worker (gunicorn's sync worker) and 2 workers per core: measured with 50 clients on
2 cores and 1,000,000 organizations (docs/performance.md, the soak), threads in one process queue
on Python's lock and a worker that accepted many keep-alive connections serves them while the
other idles; single-threaded workers that close each connection take the next request in arrival
order from the kernel's queue, and the p95 fell from 474 ms (4 workers × 4 threads) to 206 ms.
A sync worker is held for the whole of a slow client's upload or download, so keep nginx (or
another buffering proxy, deploy/nginx.conf) in front of it, as docker-compose does.
"""

import gc
import multiprocessing
import os


def settings_from(environ):
    """The settings for an environment (the benchmark reads them back to report what it ran)."""
    max_requests = int(environ.get("GUNICORN_MAX_REQUESTS", "0"))
    return {
        "bind": environ.get("GUNICORN_BIND", "0.0.0.0:8000"),
        "workers": int(environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count())),
        "threads": int(environ.get("GUNICORN_THREADS", "1")),
        # Only threaded workers keep connections alive; 0 closes them after each answer there too.
        "keepalive": int(environ.get("GUNICORN_KEEPALIVE", "0")),
        # A worker restarted after this many requests (± a tenth) bounds any slow growth; 0: never.
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        "timeout": int(environ.get("GUNICORN_TIMEOUT", "30")),
        "accesslog": environ.get("GUNICORN_ACCESS_LOG", "-") or None,
        "loglevel": environ.get("GUNICORN_LOG_LEVEL", "info"),
    }


globals().update(settings_from(os.environ))


# Python's collector walks every tracked object of the oldest generation on each full collection:
# ~190,000 in a warm worker (Django, the templates, translations, OpenCC, numpy), 60-90 ms during
# which the worker answers nothing (measured at 1,000,000 organizations, docs/performance.md).
# Those objects live as long as the worker, so they are moved out of the collector's sight
# (gc.freeze(), as the Python documentation suggests for long-lived processes): once the
# application is loaded, and again once a first run of requests has loaded what is read lazily.
# Full collections then walk only what requests left behind since.
FREEZE_AFTER_REQUESTS = 100


def freeze_long_lived_objects():
    gc.collect()
    gc.freeze()


def post_worker_init(worker):
    freeze_long_lived_objects()


def post_request(worker, req, environ, resp):
    # After the answer is written, once in a worker's life.
    if worker.nr == FREEZE_AFTER_REQUESTS:
        freeze_long_lived_objects()
