#!/usr/bin/env bash
# make run: the portal with demo data on embedded defaults (SQLite, tasks in-process).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
pdf_libraries
python_env
cd "$ROOT"
PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
manage() { .venv/bin/python manage.py "$@"; }

say "Preparing the database"
manage migrate --noinput -v0
manage collectstatic --noinput -v0
if .venv/bin/python -c 'import os; os.environ.setdefault("DJANGO_SETTINGS_MODULE","fairtrade_portal.settings"); import django; django.setup(); from django.conf import settings; raise SystemExit(0 if settings.DEMO_MODE else 1)'; then
  manage load_demo_data
else
  manage load_reference_data
fi
say "Rendering the printable handbook (only when its content changed)"
manage render_handbook
cat <<MSG

  Fairtrade City Portal: http://127.0.0.1:$PORT/   (English: http://127.0.0.1:$PORT/en/)
  Admin:                 http://127.0.0.1:$PORT/admin/
  Emails are written to: ${EMAIL_FILE_PATH:-${VAR_DIR:-$ROOT/var}/mail}/
  Stop with Ctrl+C. Your data stays in ${VAR_DIR:-$ROOT/var}/ for the next run.

MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload
