#!/usr/bin/env bash
# Benchmark: shadowdump audit on synthetic shadow sets of N and 2N L1
# shadows (512 entries each, under L2/L3/L4 shadows), read from a snapshot.
# Prints the audit time per 1,000 shadows and the ratio of the two times:
# the walk must grow linearly (2x the shadows in at most 2.2x the time).
#
#   bench/shadow-audit.sh [N]     default 4000 L1 shadows
#
# Run after `make`; uses the built binaries.  Snapshots go to $TMPDIR.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-4000}
tool=$root/t/helper/xs-test-tool
sd=$root/shadowdump/shadowdump
dir=$(mktemp -d "${TMPDIR:-/tmp}/xs-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

for b in "$tool" "$sd"; do
	[ -x "$b" ] || { echo "bench: $b missing: run make first" >&2; exit 1; }
done

# best_of FILE: the least user+system CPU time of 3 audits of FILE (the
# machine is shared: wall time measures the neighbours).
best_of() {
	local best="" t
	cat "$1" >/dev/null
	for _ in 1 2 3; do
		/usr/bin/time -f '%U %S' -o "$dir/t" "$sd" -f "$1" audit 1 >/dev/null
		t=$(awk '{print $1 + $2}' "$dir/t")
		best=$(awk -v a="$best" -v b="$t" 'BEGIN {print (a == "" || b < a) ? b : a}')
	done
	echo "$best"
}

"$tool" mkshadows "$n" "$dir/a.xs"
"$tool" mkshadows $((2 * n)) "$dir/b.xs"
ta=$(best_of "$dir/a.xs")
tb=$(best_of "$dir/b.xs")
awk -v n="$n" -v a="$ta" -v b="$tb" 'BEGIN {
	sa = n + 2 + int((n + 511) / 512); sb = 2 * n + 2 + int((2 * n + 511) / 512)
	printf "%7d shadows  %.3f s  %.1f ms per 1,000 shadows\n", sa, a, a * 1e6 / sa
	printf "%7d shadows  %.3f s  %.1f ms per 1,000 shadows\n", sb, b, b * 1e6 / sb
	r = (a > 0 ? b / a : 0)
	printf "2x shadows: %.2fx the time (target <= 2.2x): %s\n", r, (r <= 2.2 ? "linear" : "NOT LINEAR")
	printf "%s  %-40s %.2fx (goal <= 2.2x)\n", (r <= 2.2 ? "PASS" : "FAIL"),
		"shadow audit: 2x shadows, time", r
	exit (r <= 2.2 ? 0 : 1)
}'
