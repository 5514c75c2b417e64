# Production image of the NGO 2.0 platform. One image runs every role: gunicorn (default command),
# the Celery worker and beat, and the one-shot migrate job (see docker-compose.yml).
# REGISTRY: a registry mirror for the base image (e.g. one reachable from mainland China); empty
# means Docker Hub. PIP_INDEX_URL / DEBIAN_MIRROR: package mirrors, empty means the defaults.
ARG REGISTRY=
FROM ${REGISTRY}python:3.11-slim-bookworm
ARG PIP_INDEX_URL=
ARG DEBIAN_MIRROR=

# The code runs from /app (PYTHONPATH) rather than from an installed copy: settings.py finds
# templates/, static/ and locale/ next to itself (BASE_DIR), which only holds in the source tree.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    STATIC_ROOT=/srv/static \
    MEDIA_ROOT=/srv/media

# GeoDjango loads GDAL, GEOS and PROJ at run time (libgdal32 brings all three);
# gettext is needed to compile the translations below.
RUN if [ -n "$DEBIAN_MIRROR" ]; then \
        sed -i "s|http://deb.debian.org|$DEBIAN_MIRROR|g" /etc/apt/sources.list.d/debian.sources; fi \
    && apt-get update \
    && apt-get install -y --no-install-recommends libgdal32 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Runtime dependencies only (no test tools), at the versions constraints.txt pins. A layer of its
# own so that code changes do not reinstall them.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install ${PIP_INDEX_URL:+--index-url "$PIP_INDEX_URL"} -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Static files and compiled translations are part of the image, so containers need no write access
# to /app. The throwaway settings only let Django start: nothing here touches a database or Redis.
RUN export DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=x \
    && python manage.py collectstatic --noinput -v 0 \
    && if find . -name '*.po' | grep -q .; then python manage.py compilemessages -v 0; fi

# Uploads are the only thing the site writes; the directory is owned by the unprivileged user so a
# fresh named volume mounted there inherits that ownership.
RUN useradd --create-home --uid 10001 ngo20 \
    && mkdir -p "$MEDIA_ROOT" \
    && chown ngo20:ngo20 "$MEDIA_ROOT"
USER ngo20

EXPOSE 8000
# Workers, threads and keep-alive: gunicorn.conf.py (WEB_CONCURRENCY, GUNICORN_THREADS, ...).
CMD ["gunicorn", "ngo20.wsgi:application"]
