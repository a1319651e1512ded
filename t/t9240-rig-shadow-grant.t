#!/usr/bin/env bash
# Rig: the references a shadowed PVH guest's L1 shadows hold on the pages it
# grant-maps from another guest are reported as that guest's shadow's.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" "$top/t/rig/shadow-grant.sh"
