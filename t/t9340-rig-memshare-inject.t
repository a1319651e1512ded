#!/usr/bin/env bash
# Rig: a failed nomination that keeps its type reference (debug hypervisor,
# the injector's SHARE_SKIP_UNDO), named by refaudit from the page's state;
# without the injector the same sequence leaves nothing behind.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug --timeout 400 "$top/t/rig/memshare-inject.sh"
