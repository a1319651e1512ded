#!/usr/bin/env bash
# xs-gdbstub against gdbsx on the rig: builds gdbsx from the rig's Xen source,
# runs bench/rig/gdbstub-live.sh, prints its figures and one PASS/FAIL line.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
goal=20
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$top/bench/rig/gdbsx-build.sh" >/dev/null || exit 1
nice -n 15 "$top/rig/run-scenario.sh" --timeout 720 "$top/bench/rig/gdbstub-live.sh" >"$out" 2>&1
rc=$?
grep -v '^# bench: ' "$out" | sed 's/^/  /'
sed -n 's/^# bench: \(xs-gdbstub\|baseline\|gdbsx\) /\1 /p' "$out" |
	awk '{printf "  %-11s %8.3f s %10.0f bytes/s %s\n", $1, $2, $4, $6}'
ratio=$(sed -n 's/^# bench: ratio //p' "$out")
if [ "$rc" -ne 0 ] || [ -z "$ratio" ]; then
	echo "FAIL  gdbstub: live PV kernel text, xs-gdbstub / gdbsx bytes/s   no figure (rig status $rc)"
	exit 1
fi
if awk -v r="$ratio" -v g="$goal" 'BEGIN {exit !(r >= g)}'; then
	echo "PASS  gdbstub: live PV kernel text, xs-gdbstub / gdbsx bytes/s   ${ratio}x (goal >= ${goal}x)"
else
	echo "FAIL  gdbstub: live PV kernel text, xs-gdbstub / gdbsx bytes/s   ${ratio}x (goal >= ${goal}x)"
	exit 1
fi
