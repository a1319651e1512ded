#!/usr/bin/env bash
# Rig: the hv-probes audit acceptance on the CONFIG_DEBUG hypervisor (with
# CONFIG_XENSCOPE_INJECT): the release checks plus an injected leak.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug --timeout 1200 "$top/t/rig/hvp-audit.sh"
