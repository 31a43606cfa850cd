#!/usr/bin/env bash
# make bench: the benchmark harness (bench/). Renders the handbook PDF and runs the reminder
# sweep against a throwaway PostgreSQL started here on a private loopback port, stopped
# afterwards, and prints a table of measured values, targets and ratios.
# Exits non-zero only when something crashes; a missed target is marked in the table.
# BENCH_ARGS="…" passes options to `python -m bench` (see .venv/bin/python -m bench --help).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

apt_ensure '[ -x "$(pg_bin)/initdb" ]' postgresql
apt_ensure 'command -v redis-server' redis-server
apt_ensure 'command -v wrk' wrk
pdf_libraries
python_env requirements-dev.lock

TMP="$(mktemp -d -t portal-bench-XXXXXX)"
cleanup() {
  local status=$?
  say "Stopping PostgreSQL and Redis"
  # Redis first, and waited for: it writes its log as it stops, which rm -rf would race.
  if [ -n "${REDIS_PORT:-}" ]; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
  services_stop "$TMP"
  exit $status
}
trap cleanup EXIT INT TERM

postgres_start "$TMP" portal

# The sweep and the handbook need neither Redis nor Celery: the benchmarks call the jobs'
# services directly, as a worker would. Email goes to a local SMTP server that bench starts.
export VAR_DIR="$TMP/var" MEDIA_ROOT="$TMP/media" BENCH_TMP="$TMP"
export SECRET_KEY="bench-secret-key-that-is-long-enough-for-django-check-deploy-0123456789"
unset REDIS_URL DEMO_MODE DEBUG HTTPS EMAIL_BACKEND EMAIL_HOST EMAIL_PORT

say "Creating the database (migrate)"
.venv/bin/python manage.py migrate -v0

ARGS="${BENCH_ARGS:-}"
run_rest=1 run_web=1
case " $ARGS " in
  *" --only web "*) run_rest=0 ;;
  *" --only "*) run_web=0 ;;
esac

if [ "$run_rest" = 1 ]; then
  say "Running the benchmarks"
  # shellcheck disable=SC2086
  .venv/bin/python -m bench $ARGS
fi

if [ "$run_web" = 1 ]; then
  # The web benchmark (bench/web.py): gunicorn (deploy/start.sh web) on a database of its own
  # and a Redis started here, production settings with DEBUG off.
  redis_start "$TMP"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres portal_web
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/portal_web"
  say "Creating the web benchmark's database (migrate, static files)"
  .venv/bin/python manage.py migrate -v0
  .venv/bin/python manage.py collectstatic --noinput -v0
  [ "$run_rest" = 1 ] && ARGS="--only web"
  say "Running the web benchmark"
  # shellcheck disable=SC2086
  .venv/bin/python -m bench $ARGS
fi
