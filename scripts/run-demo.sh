#!/usr/bin/env bash
# Open the annotator window on the demo data (datasets/demo), loading it into
# the database on first run. Without a display, runs under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-demo.db}
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
  if ! command -v xvfb-run >/dev/null 2>&1; then
    EXTRA_SYSTEM_PACKAGES="xvfb xauth" bash scripts/setup.sh
  fi
  echo "run: no display found; the window runs on a virtual screen (Xvfb)" >&2
  exec xvfb-run -a .venv/bin/annotator open "$DB" --demo
fi
exec .venv/bin/annotator open "$DB" --demo
