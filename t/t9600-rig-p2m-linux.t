#!/usr/bin/env bash
# Rig: p2mdump on Debian's Linux PV guest, against xen-mfndump dump-p2m.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" "$top/t/rig/p2m-linux.sh"
