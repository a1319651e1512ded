#!/usr/bin/env bash
# Rig: xs-trace on a full xentrace capture (PVH under shadow, a zombie),
# against xenalyze.  The capture is made on the rig; it is decoded here, on
# the host, from the run directory the rig keeps (XS_RIG_KEEP).
top=$(cd "$(dirname "$0")/.." && pwd)
tap=$(XS_RIG_KEEP=1 "$top/rig/run-scenario.sh" --timeout 1500 "$top/t/rig/trace-decode.sh")

printf '%s\n' "$tap" | grep -v '^1\.\.[0-9]*$'
n=$(printf '%s\n' "$tap" | grep -Ec '^(not )?ok ')
run=$(ls -td "$top"/build/rig/runs/trace-decode.* 2>/dev/null | head -n 1)
if [ -n "$run" ] && [ -s "$run/out/all.trc" ]; then
	"$top/t/rig/trace-decode-check.sh" "$run/out/all.trc" $((n + 1))
	n=$(cat "$run/out/last-test")
	rm -f "$run/out/all.trc" "$run/out/xa.trc" "$run/out/dump.txt"
else
	n=$((n + 1))
	echo "not ok $n - the rig left a capture to decode"
fi
echo "1..$n"
