#!/usr/bin/env bash
# Set up everything annotator needs on a fresh machine, idempotently:
#   1. Debian libraries Qt loads, and with --test PostgreSQL's server for the server
#      backend's tests (only the missing ones; apt-get update first),
#   2. a virtual environment in .venv with Python >= 3.12,
#   3. annotator itself (editable) with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 fonts-dejavu-core ${EXTRA_SYSTEM_PACKAGES:-})

[ "${1:-}" = "--test" ] && SYSTEM_PACKAGES+=(postgresql)

if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# A Python >= 3.12 (PySide6 on 3.11 corrupts None's reference count).
find_python() {
  for candidate in python3 python3.13 python3.12; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv installs not selected by .python-version
  for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*; do
    [ -x "$dir/bin/python3" ] && { echo "$dir/bin/python3"; return 0; }
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  PYTHON=$(find_python) || { echo "setup: annotator needs Python 3.12 or newer" >&2; exit 1; }
  echo "setup: creating .venv with $($PYTHON --version)" >&2
  rm -rf .venv
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
