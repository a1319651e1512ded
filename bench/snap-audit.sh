#!/usr/bin/env bash
# Benchmark: refaudit on a synthetic snapshot of a large dying domain, 1 % of
# its pages still held.  Prints the time and peak memory of the audit, the
# time of a plain sequential read of the same file, and their ratios.
#
#   bench/snap-audit.sh [PAGES]     default 16777216 pages (a 64 GiB domain)
#
# Run after `make`; uses build/ binaries.  The snapshot goes to $TMPDIR.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-16777216}
tool=$root/t/helper/xs-test-tool
refaudit=$root/refaudit/refaudit
snap=$(mktemp "${TMPDIR:-/tmp}/xs-bench.XXXXXX")
trap 'rm -f "$snap" "$snap".*' EXIT

for b in "$tool" "$refaudit"; do
	[ -x "$b" ] || { echo "bench: $b missing: run make first" >&2; exit 1; }
done

echo "bench: writing a snapshot of $pages pages"
"$tool" mkbig "$pages" "$snap"
size=$(stat -c %s "$snap")

# Warm the page cache so both runs read from memory, not the disk.
cat "$snap" >/dev/null

t0=$(date +%s.%N)
cat "$snap" >/dev/null
t1=$(date +%s.%N)
status=0
/usr/bin/time -f '%M' -o "$snap.rss" "$refaudit" -f "$snap" 1 >/dev/null || status=$?
t2=$(date +%s.%N)
[ "$status" -eq 1 ] || { echo "bench: refaudit exited $status, expected 1" >&2; exit 1; }

rss_kib=$(tail -n 1 "$snap.rss") # time(1) may first note the exit status
awk -v size="$size" -v rss="$rss_kib" -v r0="$t0" -v r1="$t1" -v a1="$t2" 'BEGIN {
	read = r1 - r0; audit = a1 - r1
	printf "snapshot      %.1f MiB\n", size / 1048576
	printf "plain read    %.3f s\n", read
	printf "refaudit      %.3f s (%.1fx the plain read)\n", audit, audit / (read > 0 ? read : 1e-9)
	printf "peak memory   %.1f MiB (%.2fx the snapshot)\n", rss / 1024, rss * 1024 / size
}'
