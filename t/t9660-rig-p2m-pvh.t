#!/usr/bin/env bash
# Rig: a PVH guest's p2m as Xen keeps it (XENSCOPE_OP_P2M): types listed and
# checked against the m2p and Xen's page records; under log-dirty its idle
# pages are ram_logdirty until it writes them; the same from a snapshot.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 600 "$top/t/rig/p2m-pvh.sh"
