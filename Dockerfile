# syntax=docker/dockerfile:1
# The one image of the portal. Every service in docker-compose.yml runs it: web (gunicorn, the
# default command), worker and beat (Celery) and the one-shot migrate; deploy/start.sh says how
# each one starts.

# --- build: the locked dependencies, compiled translations and collected static files --------
FROM python:3.11-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/venv/bin:$PATH

# gettext provides msgfmt for compilemessages; it is not needed at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

# Exactly the versions and hashes of requirements.lock, wheels only (nothing is compiled).
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes --only-binary=:all: -r /tmp/requirements.lock

WORKDIR /app
COPY . .
# Settings need a SECRET_KEY to load; this one exists only during these two commands.
RUN mkdir -p locale \
    && export SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
        VAR_DIR=/tmp/var STATIC_ROOT=/app/staticfiles \
    && python manage.py compilemessages -v0 \
    && python manage.py collectstatic --noinput -v0 \
    && rm -rf /tmp/var \
    && python -m compileall -q /app

# --- run ---------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

# Pango, HarfBuzz and a font for WeasyPrint (PDF diplomas); pg_dump and pg_restore (15, as the
# compose file's PostgreSQL) for deploy/start.sh backup and restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

# The code stays owned by root and read-only to the portal user; only the folders for uploads
# and beat's schedule are writable (named volumes take their owner from these folders).
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /var/lib/portal \
        --shell /usr/sbin/nologin portal \
    && install -d -o portal -g portal /var/lib/portal /var/lib/portal/media \
        /var/lib/portal/backups /var/lib/celery

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=fairtrade_portal.settings \
    VAR_DIR=/var/lib/portal \
    MEDIA_ROOT=/var/lib/portal/media \
    STATIC_ROOT=/app/staticfiles \
    WEB_BIND=0.0.0.0:8000

WORKDIR /app
USER portal:portal
EXPOSE 8000
CMD ["/app/deploy/start.sh", "web"]
