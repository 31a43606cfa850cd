#!/usr/bin/env bash
# make run: the portal with demo data on embedded defaults – SQLite, and Celery's worker and beat
# beside the web server on a broker in files (var/celery/), so what production runs in the
# background runs here too. Ctrl+C, or any of the three ending, stops all three.
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
# The worker keeps what it has read in var/celery/processed/ (to look into); a week is enough.
find "${VAR_DIR:-$ROOT/var}/celery/processed" -type f -mtime +7 -delete 2>/dev/null || true
say "Rendering the printable handbook (only when its content changed)"
manage render_handbook
VAR="${VAR_DIR:-$ROOT/var}"
cat <<MSG

  Fairtrade City Portal: http://127.0.0.1:$PORT/   (English: http://127.0.0.1:$PORT/en/)
  Admin:                 http://127.0.0.1:$PORT/admin/
  Emails are written to: ${EMAIL_FILE_PATH:-$VAR/mail}/
  Background jobs:       a Celery worker and beat, queue in $VAR/celery/
  Stop with Ctrl+C. Your data stays in $VAR/ for the next run.

MSG

# --- the web server, the worker and beat, stopped together ---------------------------------
# They run in this script's process group (Ctrl+C reaches it), but a background job of a
# script ignores SIGINT, so the trap passes the stop on as SIGTERM: the worker finishes the
# task in hand (warm shutdown), and whatever has not ended after 30 s is killed (the worker's
# pool processes die with it).
names=()
pids=()
start() {  # start NAME COMMAND...: run COMMAND in the background as NAME
  local name="$1"; shift
  "$@" &
  names+=("$name")
  pids+=("$!")
}
stop_all() {
  trap - EXIT INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local _ pid alive
  for _ in $(seq 150); do
    alive=""
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.2
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The production commands (deploy/start.sh) with the quick start's files. One worker has no
# other workers to synchronise with or hear from: no mingle, no gossip.
export PATH="$ROOT/.venv/bin:$PATH"
export BEAT_SCHEDULE_FILE="$VAR/celery/beat-schedule"
start worker deploy/start.sh worker --concurrency=2 --without-mingle --without-gossip
start beat deploy/start.sh beat
start "web server" .venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload

set +e
wait -n "${pids[@]}"
status=$?
set -e
for index in "${!pids[@]}"; do
  if ! kill -0 "${pids[$index]}" 2>/dev/null; then
    say "Stopping the others: the ${names[$index]} has ended (exit status $status)"
    break
  fi
done
exit "$status"
