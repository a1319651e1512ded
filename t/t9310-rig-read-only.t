#!/usr/bin/env bash
# Rig: every read-only tool leaves a paused PV and PVH guest bit-identical
# (xs-hash-guest's fingerprint of every page and vCPU) and paused.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 600 "$top/t/rig/read-only.sh"
