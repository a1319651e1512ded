#!/usr/bin/env bash
# Rig: p2mdump on xsguest p2m workloads (tree/list, balloon, plant, race).
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" "$top/t/rig/p2m-xsguest.sh"
