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
pdf_libraries
python_env requirements-dev.lock

TMP="$(mktemp -d -t portal-bench-XXXXXX)"
cleanup() {
  local status=$?
  say "Stopping PostgreSQL"
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

say "Running the benchmarks"
# shellcheck disable=SC2086
.venv/bin/python -m bench ${BENCH_ARGS:-}
