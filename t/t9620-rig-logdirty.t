#!/usr/bin/env bash
# Rig: xs-dirty watches a write workload on PV (shadow log-dirty) and PVH
# under HAP (NPT): per-round counts against the guest's own, Xen's paging
# mode restored, SIGTERM and SIGKILL mid-run, a second watcher refused.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant release --timeout 600 "$top/t/rig/logdirty.sh"
