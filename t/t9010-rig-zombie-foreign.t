#!/usr/bin/env bash
# Rig: a dom0 process's foreign mapping keeps a destroyed PV domain dying.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh"  "$top/t/rig/zombie-foreign.sh"
