#!/usr/bin/env bash
# Rig: the CONFIG_DEBUG=y hypervisor (ASSERTs, lock checks, shadow audit)
# boots with dom0 and the stock toolstack, with nothing alarming on its console.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug "$top/t/rig/boot-toolstack.sh"
