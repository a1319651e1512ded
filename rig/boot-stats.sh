#!/usr/bin/env bash
# Usage: boot-stats.sh [LEDGER]
# The rig's boot reliability, from the ledger run-scenario.sh appends a
# line to at every boot (default ~/.cache/xenscope/rig-boots.log):
#   TIME VARIANT SCENARIO started|failed:STATUS BOOT_SECONDS XEN_IMAGE_HASH
# Prints per variant the boots, how many reached their scenario, the
# failures by status, and the boot time's median and maximum.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/config.sh"
ledger=${1:-$XS_CACHE/rig-boots.log}
[ -s "$ledger" ] || { echo "boot-stats: no boots recorded in $ledger" >&2; exit 1; }
for v in $(awk '{print $2}' "$ledger" | sort -u); do
	awk -v v="$v" '$2 == v' "$ledger" >"${TMPDIR:-/tmp}/boot-stats.$$"
	total=$(wc -l <"${TMPDIR:-/tmp}/boot-stats.$$")
	ok=$(awk '$4 == "started"' "${TMPDIR:-/tmp}/boot-stats.$$" | wc -l)
	fails=$(awk '$4 != "started" {print $4}' "${TMPDIR:-/tmp}/boot-stats.$$" | sort | uniq -c |
		awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')
	times=$(awk '$4 == "started" {print $5}' "${TMPDIR:-/tmp}/boot-stats.$$" | sort -n)
	med=$(echo "$times" | awk 'NF {a[n++] = $1} END {print n ? a[int((n - 1) / 2)] : "-"}')
	max=$(echo "$times" | tail -n 1)
	printf '%-8s %4d boots, %4d reached the scenario (%s%%), failed: %s; boot median %ss, max %ss\n' \
		"$v" "$total" "$ok" "$(awk -v a="$ok" -v b="$total" 'BEGIN {printf "%.1f", 100 * a / b}')" \
		"${fails:-none}" "$med" "${max:--}"
	rm -f "${TMPDIR:-/tmp}/boot-stats.$$"
done
