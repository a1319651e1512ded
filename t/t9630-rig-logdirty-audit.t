#!/usr/bin/env bash
# Rig: the lost-dirty audit, 20 rounds of Xen's log-dirty bitmaps held
# against the guest's write ledger on PV, PVH-HAP and PVH-shadow: no page
# lost, the mode off afterwards as Xen says.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant release --timeout 600 "$top/t/rig/logdirty-audit.sh"
