#!/usr/bin/env bash
# Rig (debug hypervisor): an injected L1 shadow corruption is found by
# shadowdump audit with its exact path, and the audit is clean after restore.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug --timeout 900 "$top/t/rig/shadow-inject.sh"
