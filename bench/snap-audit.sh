#!/usr/bin/env bash
# Benchmark: refaudit's summary of snapshots of a large dying domain, two
# cases, each against a plain sequential read of the same file:
#
#   easy    xs-test-tool mkbig: 1 % of the pages held, one holder kind,
#           references in mfn order
#   zombie  build/bench/mkzombie: every page held, by dom0 processes'
#           foreign mappings, grants, p2m entries and shadows, references
#           in the order the hypervisor walks them (the realistic worst case)
#
# Each audit runs RUNS times (default 3); the best and the median are
# printed.  Time is the CPU time (user + sys) of refaudit: single-threaded,
# with the file in the page cache, that is its elapsed time on an idle
# machine, while the wall clock of a shared machine counts others' work
# too (it is printed alongside).  Peak memory is the largest maximum RSS.
# One PASS/FAIL line per target; exit 1 on a miss.
#
#   bench/snap-audit.sh [PAGES]     default 16777216 pages (a 64 GiB domain)
#
# Run after `make`.  Snapshots go to a directory under $TMPDIR (default
# /var/tmp), one case at a time, and are removed on exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-16777216}
runs=${RUNS:-3}
bin=$root/${XS_BINROOT:-.}
tool=$bin/t/helper/xs-test-tool
refaudit=$bin/refaudit/refaudit
mkzombie=$root/${XS_BUILD:-build}/bench/mkzombie
goal_s=2
goal_rss=1.5

for b in "$tool" "$refaudit" "$mkzombie"; do
	[ -x "$b" ] || { echo "bench: $b missing: run make first" >&2; exit 1; }
done
dir=$(mktemp -d "${TMPDIR:-/var/tmp}/xs-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# Page records are 48 bytes, the zombie's references about 1.3 per page.
need_kib=$((pages * 48 * 23 / 10 / 1024 + 65536))
avail_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
if [ "$avail_kib" -lt "$need_kib" ]; then
	echo "bench: $dir has $((avail_kib / 1024)) MiB free, the snapshots need $((need_kib / 1024))" >&2
	exit 1
fi

# median and best of the numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END { printf "%s %s\n", v[1], v[int((NR + 1) / 2)] }'; }

miss=0
bench_case() {
	local name=$1 snap=$dir/$1.xs size i status
	shift
	echo "bench: $name: writing a snapshot of $pages pages"
	"$@" "$snap"
	size=$(stat -c %s "$snap")
	cat "$snap" >/dev/null # warm the page cache: both sides read memory, not disk
	: >"$dir/read" && : >"$dir/audit"
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f '%e %U %S' -a -o "$dir/read" cat "$snap" >/dev/null
		status=0
		/usr/bin/time -f '%e %U %S %M' -o "$dir/one" "$refaudit" -f "$snap" 1 >/dev/null ||
			status=$?
		[ "$status" -eq 1 ] || { echo "bench: refaudit exited $status, expected 1" >&2; exit 1; }
		tail -n 1 "$dir/one" >>"$dir/audit" # time(1) may first note the exit status
	done
	read -r read_best read_med < <(awk '{ print $2 + $3 }' "$dir/read" | stats)
	read -r cpu_best cpu_med < <(awk '{ print $2 + $3 }' "$dir/audit" | stats)
	read -r wall_best wall_med < <(awk '{ print $1 }' "$dir/audit" | stats)
	rss_kib=$(awk '$4 > m { m = $4 } END { print m }' "$dir/audit")
	rm -f "$snap"
	awk -v name="$name" -v size="$size" -v rss="$rss_kib" -v runs="$runs" \
		-v rb="$read_best" -v rm="$read_med" -v cb="$cpu_best" -v cm="$cpu_med" \
		-v wb="$wall_best" -v wm="$wall_med" -v gs="$goal_s" -v gr="$goal_rss" 'BEGIN {
		r = rss * 1024 / size
		printf "%s: snapshot %.1f MiB, %d runs\n", name, size / 1048576, runs
		printf "  plain read   %.3f s cpu best, %.3f median\n", rb, rm
		printf "  refaudit     %.3f s cpu best, %.3f median (%.1fx the plain read); wall %.2f s best, %.2f median\n",
			cb, cm, cb / (rb > 0 ? rb : 1e-3), wb, wm
		printf "  peak memory  %.1f MiB (%.2fx the snapshot)\n", rss / 1024, r
		printf "%s  %-40s %.3f s (goal < %s s)\n", cb < gs ? "PASS" : "FAIL",
			name ": refaudit -f, best time", cb, gs
		printf "%s  %-40s %.2fx (goal < %sx)\n", r < gr ? "PASS" : "FAIL",
			name ": peak RSS / snapshot size", r, gr
		exit !(cb < gs && r < gr)
	}' || miss=1
}

bench_case easy "$tool" mkbig "$pages"
bench_case zombie "$mkzombie" "$pages"
exit $miss
