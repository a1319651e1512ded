#!/usr/bin/env bash
# Rig: reference tracing of a foreign-mapping zombie (--arm, --history,
# stages, xenalyze).  The capture and the snapshot are made on the rig and
# read again here, on the host, with the booted hypervisor's xen-syms
# (symbolizing it on the software CPU would take minutes).
top=$(cd "$(dirname "$0")/.." && pwd)
tap=$(XS_RIG_KEEP=1 "$top/rig/run-scenario.sh" --variant debug "$top/t/rig/trace-foreign.sh")

printf '%s\n' "$tap" | grep -v '^1\.\.[0-9]*$'
n=$(printf '%s\n' "$tap" | grep -Ec '^(not )?ok ')
run=$(ls -td "$top"/build/rig/runs/trace-foreign.* 2>/dev/null | head -n 1)
xendir=$("$top/rig/build-xen.sh" debug 2>/dev/null)
if [ -n "$run" ] && [ -s "$run/out/held.snap" ] && [ -s "$xendir/xen-syms" ]; then
	"$top/t/rig/trace-foreign-check.sh" "$run/out" $((n + 1)) "$xendir/xen-syms"
	n=$(cat "$run/out/last-test")
else
	n=$((n + 1))
	echo "not ok $n - the rig left a capture and a snapshot to read (xen-syms: ${xendir:-none})"
fi
[ -z "$run" ] || rm -f "$run/out/held.trc" "$run/out/held.snap"
echo "1..$n"
