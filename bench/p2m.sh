#!/usr/bin/env bash
# Benchmark (needs the rig): p2mdump reading and auditing the p2m of a
# 1 GiB Linux PV guest against xen-mfndump dump-p2m, which only prints it,
# on the same guest in the same run, per 1 M entries.
# Target: p2mdump (read + audit) no slower than xen-mfndump (read + print).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$("$root/rig/run-scenario.sh" "$root/bench/rig/p2m.sh" 2>&1)
val() { printf '%s\n' "$out" | sed -n "s/^# bench: $1 //p"; }
entries=$(val entries) ours=$(val p2mdump) theirs=$(val xen-mfndump)
if [ -z "$entries" ] || [ -z "$ours" ] || [ -z "$theirs" ]; then
	printf '%s\n' "$out" | tail -n 20
	echo "FAIL p2m: the rig scenario gave no figures"
	exit 1
fi
awk -v n="$entries" -v a="$ours" -v b="$theirs" 'BEGIN {
	printf "p2m: %d entries; p2mdump %.3f s (%.3f s per 1 M entries), xen-mfndump dump-p2m %.3f s (%.3f s per 1 M)\n",
		n, a, a * 1e6 / n, b, b * 1e6 / n
	r = b / a
	printf "%s p2m: p2mdump read+audit vs xen-mfndump dump-p2m: %.2fx as fast (goal >= 1x)\n",
		(r >= 1 ? "PASS" : "FAIL"), r
	exit !(r >= 1)
}'
