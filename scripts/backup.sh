#!/usr/bin/env bash
# make backup / make restore: the management commands of the same names, on the environment's
# database (DATABASE_URL, else the quick start's SQLite) and media (MEDIA_ROOT or MEDIA_STORAGE).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
python_env
if [ -n "${DATABASE_URL:-}" ]; then
  # pg_dump and pg_restore, of the server's major version or newer.
  apt_ensure 'command -v pg_dump || ls /usr/lib/postgresql/*/bin/pg_dump' postgresql-client
fi
exec .venv/bin/python manage.py "$@"
