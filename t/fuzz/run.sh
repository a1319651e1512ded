#!/usr/bin/env bash
# Run each fuzz harness for a while on its corpus and report executions.
#
# Usage: run.sh FUZZDIR SECONDS NAME...
# Exit status 1 when any harness crashed or a sanitizer reported (the input
# is kept in FUZZDIR/crashes/NAME/; the log in FUZZDIR/logs/NAME.log).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: run.sh FUZZDIR SECONDS NAME...}
secs=${2:?}
shift 2
status=0
total=0
for n in "$@"; do
	corpus=$dir/corpus/$n
	mkdir -p "$corpus" "$dir/crashes/$n" "$dir/logs"
	seeds=()
	for s in "$dir/seeds/$n" "$top/t/fuzz/seeds/$n" "$top/t/fuzz/regressions/$n"; do
		[ -d "$s" ] && seeds+=("$s")
	done
	# The first directory receives new inputs; the others are read only.
	"$dir/bin/$n" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/crashes/$n/" "$corpus" "${seeds[@]}" >"$dir/logs/$n.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/logs/$n.log" | tail -n 1)
	units=$(find "$corpus" -type f | wc -l)
	total=$((total + ${execs:-0}))
	if [ "$rc" -eq 0 ]; then
		echo "fuzz: $n: ${execs:-?} executions in ${secs}s, corpus $units inputs, no crash"
	else
		echo "fuzz: $n: FAILED (status $rc) after ${execs:-?} executions; see $dir/logs/$n.log"
		grep -m 3 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$dir/logs/$n.log" | sed 's/^/fuzz:   /'
		status=1
	fi
done
echo "fuzz: $total executions over $# harnesses"
exit $status
