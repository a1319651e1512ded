#!/usr/bin/env bash
# Rig: p2mdump reads the Debian Linux PV guest's whole p2m (the linear list),
# every entry consistent, and its entries equal xen-mfndump dump-p2m's.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 600 "$top/t/rig/p2m-linux.sh"
