#!/usr/bin/env bash
# Rig: the log-dirty tracepoints in real captures of a PV (shadow) and a
# PVH-HAP guest under `xs-dirty audit`, checked on the host against the
# audit's rounds and with stock xenalyze.  The captures are made on the rig
# and read from the run directory it keeps (XS_RIG_KEEP).
top=$(cd "$(dirname "$0")/.." && pwd)
tap=$(XS_RIG_KEEP=1 "$top/rig/run-scenario.sh" --variant debug --timeout 600 "$top/t/rig/logdirty-trace.sh")

printf '%s\n' "$tap" | grep -v '^1\.\.[0-9]*$'
n=$(printf '%s\n' "$tap" | grep -Ec '^(not )?ok ')
run=$(ls -td "$top"/build/rig/runs/logdirty-trace.* 2>/dev/null | head -n 1)
if [ -n "$run" ] && [ -d "$run/out" ]; then
	"$top/t/rig/logdirty-trace-check.sh" "$run/out" $((n + 1))
	n=$(cat "$run/out/last-test")
	rm -f "$run"/out/*.trc
else
	n=$((n + 1))
	echo "not ok $n - the rig left its captures to check"
fi
echo "1..$n"
