#!/usr/bin/env bash
# Rig: the patched hypervisor boots with dom0 and the stock toolstack.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh"  "$top/t/rig/boot-toolstack.sh"
