#!/usr/bin/env bash
# The one place that says how each service of the portal starts. docker-compose.yml runs
# `deploy/start.sh <service>` in every container and tests/test_services.py runs the same
# commands against the test database, so what is tested is what is deployed.
#
#   deploy/start.sh web          gunicorn on $WEB_BIND (default 0.0.0.0:8000);
#                                workers: $WEB_CONCURRENCY (gunicorn reads it; default 1)
#   deploy/start.sh worker       a Celery worker
#   deploy/start.sh beat         Celery beat, schedule kept in $BEAT_SCHEDULE_FILE
#   deploy/start.sh migrate      migrate the database and load the reference data, then exit
#   deploy/start.sh healthcheck  exit 0 when the local web process answers /healthz with 200
#   deploy/start.sh backup [DIR] back up the database and media to DIR
#                                (default $BACKUP_DIR/<UTC time>, BACKUP_DIR=/var/lib/portal/backups)
#   deploy/start.sh restore DIR  restore DIR into an empty database and media storage
#
# Arguments after the service name are passed on to gunicorn or celery. python, gunicorn and
# celery are taken from the PATH (the image's virtual environment).
set -euo pipefail
cd "$(dirname "$0")/.."

service="${1:-}"
shift || true

case "$service" in
  web)
    exec gunicorn fairtrade_portal.wsgi:application --config deploy/gunicorn.conf.py \
      --bind "${WEB_BIND:-0.0.0.0:8000}" --access-logfile - "$@"
    ;;
  worker)
    exec celery -A fairtrade_portal worker --loglevel=INFO "$@"
    ;;
  beat)
    exec celery -A fairtrade_portal beat --loglevel=INFO \
      --schedule "${BEAT_SCHEDULE_FILE:-/var/lib/celery/celerybeat-schedule}" "$@"
    ;;
  migrate)
    python manage.py migrate --noinput
    exec python manage.py load_reference_data
    ;;
  backup)
    exec python manage.py backup "${1:-${BACKUP_DIR:-/var/lib/portal/backups}/$(date -u +%Y%m%dT%H%M%SZ)}"
    ;;
  restore)
    exec python manage.py restore "$@"
    ;;
  healthcheck)
    # Asks as the proxy would: with an allowed host name and X-Forwarded-Proto (which Django
    # only trusts when HTTPS=true), so neither ALLOWED_HOSTS nor the https redirect gets in
    # the way.
    exec python - <<'PY'
import os
import sys
import urllib.request

hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
host = next((h for h in hosts if h and "*" not in h), "localhost")
port = os.environ.get("WEB_BIND", "0.0.0.0:8000").rsplit(":", 1)[1]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        print(response.status, response.read().decode())
except Exception as exc:  # noqa: BLE001
    print(f"unhealthy: {exc}")
    sys.exit(1)
PY
    ;;
  *)
    echo "usage: $0 web|worker|beat|migrate|healthcheck [options for gunicorn or celery]" >&2
    exit 64
    ;;
esac
