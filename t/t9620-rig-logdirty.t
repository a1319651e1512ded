#!/usr/bin/env bash
# Rig: xs-dirty on PV and PVH-HAP write workloads; signals and recovery.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" "$top/t/rig/logdirty.sh"
