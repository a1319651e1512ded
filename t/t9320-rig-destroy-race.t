#!/usr/bin/env bash
# Rig: audits racing destruction on the debug hypervisor: create an xsguest,
# refaudit, shadowdump audit and p2mdump in loops, destroy it mid-walk; the
# domain goes away, every tool run ends cleanly, Xen logs no ASSERT/WARN/BUG.
# `make race-check LOOPS=100` runs the long version.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug --timeout 600 "$top/t/rig/destroy-race.sh" 5
