#!/usr/bin/env bash
# Rig (debug hypervisor): log-dirty marks dropped by XENSCOPE_OP_DIRTY_INJECT
# on PV, PVH-HAP and PVH-shadow are caught by `xs-dirty audit` (exit 2,
# exactly the dropped pages), and without the injector it exits 0.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug --timeout 600 "$top/t/rig/logdirty-inject.sh"
