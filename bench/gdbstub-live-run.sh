#!/usr/bin/env bash
# Build gdbsx, then run bench/gdbstub-live.sh on the rig; prints TAP with
# the figures as diagnostics.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/bench/gdbsx-build.sh" >/dev/null
exec "$top/rig/run-scenario.sh" "$top/bench/gdbstub-live.sh"
