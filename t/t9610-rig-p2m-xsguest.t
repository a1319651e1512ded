#!/usr/bin/env bash
# Rig: each xsguest p2m workload yields exactly its class (ballooned pfns
# invalid, the planted pfn an m2p mismatch, tree and list), and a list held
# mid-update from dom0's side is reported as a race or retried, never a mismatch.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 600 "$top/t/rig/p2m-xsguest.sh"
