#!/usr/bin/env bash
# Rig: xsguest test kernels, workload leak, with the fault injector (debug hypervisor).
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug "$top/t/rig/xsguest-leak.sh"
