#!/usr/bin/env bash
# Rig: memory sharing (debug hypervisor with CONFIG_MEM_SHARING, lifted
# onto the rig's SVM CPU by rig/xen-patches/) driven by Debian's
# xen-memshare, checked by Xen's own account and audit.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug --timeout 400 "$top/t/rig/memshare.sh"
