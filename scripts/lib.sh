# Shared helpers for the run and test scripts. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
UV_VERSION="0.13.9"
export UV_PYTHON_DOWNLOADS=never   # use the machine's Python; never download one

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'Error: %s\n' "$*" >&2; exit 1; }

_apt_updated=""
# apt_ensure CHECK PACKAGE...: when CHECK (a command) fails, install the Debian packages.
apt_ensure() {
  local check="$1"; shift
  if eval "$check" >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != "0" ]; then
    die "missing: $* (install them with: sudo apt-get install $*)"
  fi
  say "Installing Debian packages: $*"
  if [ -z "$_apt_updated" ]; then apt-get update -qq; _apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# WeasyPrint (the printable handbook) needs Pango and HarfBuzz from Debian.
pdf_libraries() {
  apt_ensure 'ldconfig -p | grep -q "libpango-1.0.so" && ldconfig -p | grep -q "libharfbuzz-subset.so"' \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
}

# The Python environment: uv (installed into .tools/ when missing), then .venv/ from a lock:
# requirements.lock (what the portal runs on) or requirements-dev.lock (plus the test tools).
python_env() {
  local lock="${1:-requirements.lock}"
  cd "$ROOT"
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "$PYTHON is older than Python 3.11"
  local uv
  if command -v uv >/dev/null 2>&1; then
    uv="$(command -v uv)"
  else
    if [ ! -x .tools/bin/uv ]; then
      say "Installing uv into .tools/"
      if ! "$PYTHON" -m venv .tools 2>/dev/null; then
        rm -rf .tools
        apt_ensure false python3-venv
        "$PYTHON" -m venv .tools
      fi
      .tools/bin/pip install -q --disable-pip-version-check "uv==$UV_VERSION"
    fi
    uv="$ROOT/.tools/bin/uv"
  fi
  if [ ! -x .venv/bin/python ]; then
    say "Creating the virtual environment in .venv/"
    "$uv" venv -q --python "$PYTHON" .venv
  fi
  local stamp=.venv/.lock-sha256 want
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  # The test environment holds everything the portal runs on: keep it rather than strip it.
  if [ "$lock" = requirements.lock ] && \
     [ "$(cat "$stamp" 2>/dev/null)" = "$(sha256sum requirements-dev.lock | cut -d' ' -f1)" ]; then
    return 0
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Installing the locked dependencies ($lock)"
    VIRTUAL_ENV="$ROOT/.venv" "$uv" pip sync -q "$lock"
    echo "$want" > "$stamp"
  fi
}

# --- throwaway PostgreSQL and Redis (make test, make bench) --------------------------------
# Private servers on free loopback ports with their data in a temporary folder, for a run of
# the suite or the benchmarks. Start them, then `trap 'services_stop "$TMP"' EXIT`.

# pg_bin: the newest PostgreSQL server binaries Debian installed.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  "$ROOT/.venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# _as_postgres COMMAND...: run as the postgres user when we are root (initdb refuses root).
_as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# postgres_start DIR [DATABASE]: PostgreSQL with its data in DIR/pg, tuned for throwaway use
# (no fsync), on a free port. Sets PG_PORT and PG_BIN; with DATABASE, creates that database
# and exports DATABASE_URL for it.
postgres_start() {
  local dir="$1" database="${2:-}"
  PG_BIN="$(pg_bin)"
  PG_PORT="$(free_port)"
  say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
  chmod 755 "$dir"
  mkdir -p "$dir/pg" "$dir/pgsock"
  if [ "$(id -u)" = "0" ]; then chown postgres: "$dir/pg" "$dir/pgsock"; fi
  _as_postgres "$PG_BIN/initdb" -D "$dir/pg" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  _as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w \
    -o "-p $PG_PORT -k $dir/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  if [ -n "$database" ]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$database"
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$database"
  fi
}

# redis_start DIR: Redis with its files in DIR/redis, nothing persisted, on a free port.
# Sets REDIS_PORT and exports REDIS_URL.
redis_start() {
  local dir="$1"
  REDIS_PORT="$(free_port)"
  say "Starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$dir/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$dir/redis" \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis/redis.log" --save "" --appendonly no \
    --maxmemory-policy noeviction
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

# services_stop DIR: stop what postgres_start / redis_start started in DIR, then remove DIR.
services_stop() {
  local dir="$1"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then return 0; fi
  if [ -d "$dir/pg" ]; then
    _as_postgres "$(pg_bin)/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/redis.pid" ]; then
    # Redis writes its log while it shuts down: wait until it has gone before removing DIR.
    local pid
    pid="$(cat "$dir/redis.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir" 2>/dev/null || { sleep 1; rm -rf "$dir"; }
}
