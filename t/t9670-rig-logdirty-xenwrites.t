#!/usr/bin/env bash
# Rig (debug hypervisor): writes Xen makes for a guest (a hypercall's copy
# to the guest, a grant copy) are logged and checked by `xs-dirty audit` on
# PV, PVH-HAP and PVH-shadow; dropped marks of them are caught (exit 2).
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug --timeout 600 "$top/t/rig/logdirty-xenwrites.sh"
