#!/usr/bin/env bash
# make test: the whole suite on real PostgreSQL and real Redis, started here on private
# loopback ports in a temporary folder and stopped afterwards, also when tests fail.
# Extra arguments go to pytest (make test ARGS="-k healthz"); LINT=0 skips ruff while iterating.
# The tests run in one worker process per core (pytest-xdist); TEST_WORKERS=0 runs them in
# this process, TEST_WORKERS=4 in four. --dist=load hands each worker tests in the order
# pytest-django sorted them, so on every worker the tests that flush the database (live
# server, real workers) come after those that read the rows the migrations seeded.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# --- the machine: Debian packages the suite needs --------------------------------------------
apt_ensure '[ -x "$(pg_bin)/initdb" ]' postgresql
apt_ensure 'command -v redis-server' redis-server
apt_ensure 'command -v chromium' chromium
apt_ensure 'command -v java' default-jre-headless
apt_ensure 'command -v npm' nodejs npm
apt_ensure 'command -v msgfmt' gettext
pdf_libraries

# --- the project's own tools ----------------------------------------------------------------
python_env requirements-dev.lock
if [ "$(cat node_modules/.lock-sha256 2>/dev/null)" != "$(sha256sum package-lock.json | cut -d' ' -f1)" ]; then
  say "Installing the page checkers (axe-core, vnu-jar) from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > node_modules/.lock-sha256
fi

if [ "${LINT:-1}" = "1" ]; then
  say "ruff: lint and format"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
fi

say "Compiling translations"
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

# --- PostgreSQL and Redis on free loopback ports ------------------------------------------
TMP="$(mktemp -d -t portal-test-XXXXXX)"
cleanup() {
  local status=$?
  say "Stopping PostgreSQL and Redis"
  services_stop "$TMP"
  exit $status
}
trap cleanup EXIT INT TERM

postgres_start "$TMP"
redis_start "$TMP"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/portal"
export PORTAL_TEST_TMP="$TMP"
export EMAIL_BACKEND=console
export SECRET_KEY="test-secret-key-that-is-long-enough-for-django-check-deploy-0123456789"
unset DEMO_MODE DEBUG HTTPS

say "Running the test suite"
set +e
.venv/bin/python -m pytest --numprocesses="${TEST_WORKERS:-auto}" --dist=load "$@"
status=$?
set -e
exit $status
