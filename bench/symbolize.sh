#!/usr/bin/env bash
# Benchmark: the symbolizer against the rig's hypervisor symbols (needs the
# rig's debug build of xen-syms, built and cached in ~/.cache/xenscope by
# rig/build-xen.sh).  Prints the parse time of xen-syms (symbols + DWARF
# line tables, done once), the CPU time per address formatted as
# func+off (file:line), and the hit rate over Xen's text; one PASS/FAIL line
# per target; exit 1 on a miss.  Refuses an ELF that is not a hypervisor.
#
#   bench/symbolize.sh [N] [XEN_SYMS]   default 1000000, the rig's debug build
#
# Run after `make`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
syms=${2:-}
tool=$root/${XS_BUILD:-build}/bench/symbench
[ -x "$tool" ] || { echo "bench: $tool missing: run make first" >&2; exit 1; }
if [ -z "$syms" ]; then
	dir=$("$root/rig/build-xen.sh" debug 2>/dev/null) ||
		{ echo "bench: cannot build the rig's hypervisor; give XEN_SYMS" >&2; exit 1; }
	syms=$dir/xen-syms
fi

echo "bench: $n addresses against $syms ($(stat -c %s "$syms") bytes)"
out=$("$tool" "$syms" "$n") || exit 1 # symbench said why (not Xen, unreadable)
echo "$out"

# name value goal-operator goal unit
awk '
	{ v[$1] = $2 }
	function judge(what, val, op, goal, unit, fmt,   ok) {
		ok = op == "<" ? val < goal : val >= goal
		printf "%s  %-40s " fmt " %s (goal %s %s %s)\n", ok ? "PASS" : "FAIL", what, val,
			unit, op == "<" ? "<" : ">=", goal, unit
		if (!ok)
			miss = 1
	}
	END {
		judge("symbolize: parse xen-syms", v["parse_s"], "<", 2, "s", "%.3f")
		judge("symbolize: per address", v["ns_per_address"] / 1000, "<", 5, "us", "%.2f")
		judge("symbolize: addresses with a function", v["func_hit_pct"], ">=", 99, "%", "%.2f")
		judge("symbolize: addresses with file:line", v["line_hit_pct"], ">=", 95, "%", "%.2f")
		exit miss
	}' <<<"$out"
