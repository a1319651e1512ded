#!/usr/bin/env bash
# Benchmark: symbolize addresses against the rig's hypervisor symbols.
# Prints the parse time of xen-syms (symbols + DWARF line tables, done once)
# and the time per address of N lookups formatted as func+off (file:line).
#
#   bench/symbolize.sh [N] [XEN_SYMS]   default 1000000, the rig's debug build
#
# Run after `make`; uses build/t/unit/symbolize.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
syms=${2:-}
if [ -z "$syms" ]; then
	dir=$("$root/rig/build-xen.sh" debug 2>/dev/null) ||
		{ echo "bench: cannot build the rig's hypervisor; give XEN_SYMS" >&2; exit 1; }
	syms=$dir/xen-syms
fi
tool=$root/build/t/unit/symbolize
[ -x "$tool" ] || { echo "bench: $tool missing: run make first" >&2; exit 1; }

echo "bench: $n addresses against $syms ($(stat -c %s "$syms") bytes)"
"$tool" --bench "$syms" "$n"
