#!/usr/bin/env bash
# Benchmark: xs-trace --dump and --summary against stock xenalyze
# --dump-all and --summary, and against `cat FILE >/dev/null`, on one big
# trace (default 256 MB) in /var/tmp, removed afterwards.
#
#   bench/trace.sh [SEED.trc] [MB]
#
# SEED is a trace xenalyze can read whole (default: two CPUs, dom0's vCPU
# making hypercalls and taking page faults, an HVM guest's vCPU exiting and
# entering, 800 records); it is repeated with its TSCs shifted
# (bench/trace-repeat.py) up to MB.  Every command reads the same file,
# in the page cache, RUNS times (default 3).  For each: the best CPU time
# (user + system of the process) with that run's wall time, MB/s, events/s
# and peak memory, and the median CPU time; then PASS/FAIL against the
# goals, xs-trace at least 5x xenalyze and at least 0.3x cat, judged on the
# best CPU time (the ratio of the medians beside it): on a shared machine,
# wall time measures the neighbours.  Exit 1 on a miss.  XS_TRACE=BINARY
# measures another xs-trace (an older build, for before and after).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seed=${1:-}
mb=${2:-256}
runs=${RUNS:-3}
xt=${XS_TRACE:-$root/trace/xs-trace}
xa=$(command -v xenalyze) || { echo "bench: no xenalyze (xen-utils)" >&2; exit 1; }
[ -x "$xt" ] || { echo "bench: $xt missing: run make first" >&2; exit 1; }
tmp=$(mktemp -d /var/tmp/xs-bench-trace.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ -z "$seed" ]; then
	seed=$tmp/seed.trc
	awk 'BEGIN {
		print "cpu 0"; print "rec 0x21101 tsc=1000 0x00000000"; t = 1010
		for (i = 0; i < 200; i++) {
			print "rec 0x20100d tsc=" t " 0x0010001d 5"; t += 50
			print "rec 0x201104 tsc=" t " q:0xffffffff81000000 q:0x7f0000001000 6"; t += 50
		}
		print "rec 0x21011 tsc=" t " 0x00000000"
		print "cpu 1"; print "rec 0x21101 tsc=1005 0x00050000"; t = 1015
		for (i = 0; i < 200; i++) {
			print "rec 0x81102 tsc=" t " 0x7b q:0xffffffff81001234"; t += 60
			print "rec 0x81001 tsc=" t; t += 40
		}
		print "rec 0x21011 tsc=" t " 0x00050000"
	}' | "$root/build/t/unit/trace" mk >"$seed"
fi
python3 "$root/bench/trace-repeat.py" "$seed" "$tmp/big.trc" "$mb"
size=$(stat -c %s "$tmp/big.trc")
events=$("$xt" --summary "$tmp/big.trc" 2>/dev/null | sed -n 's/^trace: [0-9]* bytes, \([0-9]*\) records.*/\1/p') || true
echo "bench: $(awk -v s="$size" 'BEGIN {printf "%.1f", s / 1048576}') MiB, $events records, from $seed"

# run NAME CMD...: RUNS runs of CMD (output discarded); the best CPU time
# (user + system) and its wall time, the median CPU time, and the largest
# peak KiB.
declare -A secs med
run() {
	local name=$1 i t best='' wall_best='' peak=0 all=''
	shift
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -o "$tmp/time" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
		read -r wall user sys kib < <(tail -n 1 "$tmp/time")
		t=$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN {exit !(a < b)}'; then
			best=$t wall_best=$wall
		fi
		[ "$kib" -gt "$peak" ] && peak=$kib
		all="$all $t"
	done
	secs[$name]=$best
	med[$name]=$(echo $all | tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
	awk -v n="$name" -v w="$wall_best" -v t="$best" -v m="$peak" -v s="$size" -v e="$events" \
		-v md="${med[$name]}" \
		'BEGIN {t = t > 0 ? t : 0.01; printf "  %-20s %6.2f s wall %6.2f s CPU %8.1f MB/s %11.0f events/s %7.1f MiB peak, median %.2f s\n",
			n, w, t, s / 1048576 / t, e / t, m / 1024, md}'
}
cat "$tmp/big.trc" >/dev/null # page cache warm for everyone
echo "$xt: best of $runs runs each, by CPU time (user + system) of the process; page cache warm"
run cat cat "$tmp/big.trc"
run "xs-trace --dump" "$xt" --dump "$tmp/big.trc"
run "xs-trace --summary" "$xt" --summary "$tmp/big.trc"
run "xenalyze --dump-all" "$xa" --svm-mode --dump-all "$tmp/big.trc"
run "xenalyze --summary" "$xa" --svm-mode --summary "$tmp/big.trc"

miss=0
verdict() {
	local what=$1 ours=$2 theirs=$3 goal=$4
	awk -v w="$what" -v a="${secs[$ours]}" -v b="${secs[$theirs]}" -v g="$goal" \
		-v ma="${med[$ours]}" -v mb="${med[$theirs]}" 'BEGIN {
		a = a > 0 ? a : 0.01; r = b / a; ma = ma > 0 ? ma : 0.01
		printf "  %-44s %6.2fx (goal %sx) %s  (medians: %.2fx)\n", w, r, g, (r >= g ? "PASS" : "FAIL"), mb / ma
		exit !(r >= g)}' || miss=1
}
echo "goals:"
verdict "--dump vs xenalyze --dump-all" "xs-trace --dump" "xenalyze --dump-all" 5
verdict "--summary vs xenalyze --summary" "xs-trace --summary" "xenalyze --summary" 5
verdict "--dump throughput vs cat" "xs-trace --dump" cat 0.3
verdict "--summary throughput vs cat" "xs-trace --summary" cat 0.3
exit $miss
