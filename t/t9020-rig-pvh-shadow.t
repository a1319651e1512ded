#!/usr/bin/env bash
# Rig: a PVH guest runs under shadow paging.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh"  "$top/t/rig/pvh-shadow.sh"
