#!/usr/bin/env bash
# Measure how often the rig boots: N runs of the minimal scenario
# (t/rig/boot-toolstack.sh) on one variant, one run at a time through
# run-scenario.sh (each run takes the machine's rig lock on its own, so other
# runs get the rig in between).  Every boot attempt counts: a run that needed
# a retry contributes its failed boots, with the reason the runner gave.
#
# Usage: boot-reliability.sh [--variant release|debug] N
# Output: one line per run, then "boots: A, failed: F (hung H), runs: N, ..."
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
variant=release
if [ "${1:-}" = --variant ]; then
	variant=$2
	shift 2
fi
n=${1:?usage: boot-reliability.sh [--variant V] N}
boots=0 failed=0 hung=0 runs_ok=0
for i in $(seq 1 "$n"); do
	start=$(date +%s)
	out=$("$here/run-scenario.sh" --variant "$variant" "$top/t/rig/boot-toolstack.sh" 2>&1)
	rc=$?
	note=$(grep -m1 '^# rig: boots:' <<<"$out")
	b=$(sed -n 's/^# rig: boots: \([0-9]*\),.*/\1/p' <<<"$note")
	r=$(sed -n 's/^# rig: boots: [0-9]*, retried: \([0-9]*\),.*/\1/p' <<<"$note")
	h=$(grep -oE 'no progress|did not end' <<<"$note" | wc -l)
	boots=$((boots + ${b:-1}))
	# The last boot failed too when the run failed before its scenario.
	last_failed=0
	grep -q '^not ok 1 - rig: \(boot\|dom0\|QEMU\)' <<<"$out" && last_failed=1
	failed=$((failed + ${r:-0} + last_failed))
	hung=$((hung + h))
	[ "$rc" -eq 0 ] && runs_ok=$((runs_ok + 1))
	echo "run $i: rc=$rc $(($(date +%s) - start))s ${note#\# rig: }"
done
echo "boots: $boots, failed: $failed (hung $hung), runs: $n, runs passed: $runs_ok ($variant)"
