#!/usr/bin/env bash
# Build gdbsx, then run bench/rig/gdbstub-live.sh on the rig; prints TAP with
# the figures as diagnostics.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/bench/rig/gdbsx-build.sh" >/dev/null
exec "$top/rig/run-scenario.sh" "$top/bench/rig/gdbstub-live.sh"
