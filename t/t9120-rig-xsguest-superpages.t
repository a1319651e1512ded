#!/usr/bin/env bash
# Rig: xsguest test kernels, workload superpages.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" "$top/t/rig/xsguest-superpages.sh"
