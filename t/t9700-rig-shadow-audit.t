#!/usr/bin/env bash
# Rig: the shadow walk of busy PVH (shadow paging) and PV (log-dirty) guests:
# audit verdicts, one translation against the guest's own, churn.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant release --timeout 900 "$top/t/rig/shadow-audit.sh"
