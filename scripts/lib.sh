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
