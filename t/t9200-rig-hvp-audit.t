#!/usr/bin/env bash
# Rig: the hv-probes audit acceptance on the release hypervisor (healthy PV,
# PVH under shadow, dom0, foreign and grant zombies, a 1 GiB guest).
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant release --timeout 900 "$top/t/rig/hvp-audit.sh"
