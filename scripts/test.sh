#!/usr/bin/env bash
# make test: the whole suite on real PostgreSQL and real Redis, started here on private
# loopback ports in a temporary folder and stopped afterwards, also when tests fail.
# Extra arguments go to pytest (make test ARGS="-k healthz"); LINT=0 skips ruff while iterating.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

# --- the machine: Debian packages the suite needs --------------------------------------------
apt_ensure '[ -x "$(pg_bin)/initdb" ]' postgresql
apt_ensure 'command -v redis-server' redis-server
apt_ensure 'command -v chromium' chromium
apt_ensure 'command -v java' default-jre-headless
apt_ensure 'command -v npm' nodejs npm
apt_ensure 'command -v msgfmt' gettext
pdf_libraries
PG_BIN="$(pg_bin)"

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
chmod 755 "$TMP"
free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PG_PORT="$(free_port)"
REDIS_PORT="$(free_port)"
as_postgres=()
if [ "$(id -u)" = "0" ]; then as_postgres=(runuser -u postgres --); fi

cleanup() {
  local status=$?
  say "Stopping PostgreSQL and Redis"
  "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$TMP/pg" -m immediate stop >/dev/null 2>&1 || true
  if [ -f "$TMP/redis.pid" ]; then kill "$(cat "$TMP/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$TMP"
  exit $status
}
trap cleanup EXIT INT TERM

say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
mkdir -p "$TMP/pg" "$TMP/pgsock"
if [ "$(id -u)" = "0" ]; then chown postgres: "$TMP/pg" "$TMP/pgsock"; fi
"${as_postgres[@]}" "$PG_BIN/initdb" -D "$TMP/pg" -U postgres -A trust -E UTF8 --no-sync >/dev/null
"${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg/server.log" -w \
  -o "-p $PG_PORT -k $TMP/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null

say "Starting Redis on 127.0.0.1:$REDIS_PORT"
mkdir -p "$TMP/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$TMP/redis" \
  --pidfile "$TMP/redis.pid" --logfile "$TMP/redis/redis.log" --save "" --appendonly no \
  --maxmemory-policy noeviction
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/portal"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export PORTAL_TEST_TMP="$TMP"
export EMAIL_BACKEND=console
export SECRET_KEY="test-secret-key-that-is-long-enough-for-django-check-deploy-0123456789"
unset DEMO_MODE DEBUG HTTPS

say "Running the test suite"
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
exit $status
