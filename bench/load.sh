#!/usr/bin/env bash
# Benchmark (needs the rig): the audit and the trace capture on a busy host.
# Two 256 MiB xsguests (PV, and PVH under shadow) write memory flat out;
# their pass rates are measured with nothing running, while dom0 runs
# refaudit, shadowdump audit and p2mdump on them in loops, and under a
# full `xentrace -D -e all` capture into a small buffer (each on its own).
# Figures: each guest's slow-down, each tool's run time under the load.
# Targets: every tool run ended with a documented status under the load,
# and xs-trace reports exactly the records Xen says it lost (counted here
# by an independent reader of xentrace's record headers), with exit 1
# whenever any were lost.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(XS_RIG_KEEP=1 "$root/rig/run-scenario.sh" --timeout 600 "$root/bench/rig/load.sh" 2>&1)
run=$(ls -td "$root"/build/rig/runs/load.* 2>/dev/null | head -n 1)
val() { printf '%s\n' "$out" | sed -n "s/^# bench: $1 //p"; }
status=0
idle=$(val idle) audited=$(val audited) traced=$(val traced) bad=$(val bad)
if [ -z "$idle" ] || [ -z "$audited" ] || [ -z "$traced" ] || [[ "$idle $audited $traced" == *none* ]]; then
	printf '%s\n' "$out" | tail -n 20
	echo "FAIL load: the rig scenario gave no guest rates"
	exit 1
fi
for phase in audited traced; do
	awk -v i="$idle" -v b="${!phase}" -v p="$phase" 'BEGIN {
		split(i, a, " "); split(b, c, " ")
		printf "load: guest passes/s idle -> %s: PV %.2f -> %.2f (%.1f %% slower), PVH-shadow %.2f -> %.2f (%.1f %% slower)\n",
			p, a[1], c[1], (1 - c[1] / a[1]) * 100, a[2], c[2], (1 - c[2] / a[2]) * 100
	}'
done
val tool | while read -r t runs med worst; do
	echo "load: $t under load: $runs runs, median $med s, worst $worst s"
done
if [ "${bad:-1}" = 0 ]; then
	echo "PASS  load: every tool run under load ended with a documented status"
else
	echo "FAIL  load: $bad tool runs under load crashed, timed out or printed garbage"
	status=1
fi
trc=${run:+$run/out/load.trc}
if [ -z "$trc" ] || [ ! -s "$trc" ]; then
	echo "FAIL  load: the rig left no capture"
	exit 1
fi
# Xen's own account: the TRC_LOST_RECORDS records (0x0001f001, first word
# the count) in the file, read from the raw t_rec headers.
want=$(python3 - "$trc" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
o = lost = reports = 0
while o + 4 <= len(d):
    h, = struct.unpack_from("<I", d, o)
    ev, n, cyc = h & 0x0fffffff, (h >> 28) & 7, h >> 31
    o += 4 + (8 if cyc else 0)
    if ev == 0x0001f001 and n >= 1:
        lost += struct.unpack_from("<I", d, o)[0]
        reports += 1
    o += 4 * n
print(lost, reports)
PY
)
"$root/trace/xs-trace" --summary "$trc" >"$run/out/summary.txt" 2>"$run/out/summary.err"
rc=$?
got=$(sed -n 's/^lost: \([0-9]*\) records in \([0-9]*\) reports$/\1 \2/p' "$run/out/summary.txt")
echo "load: capture $(stat -c %s "$trc") bytes; Xen's lost-record reports: ${want% *} records in ${want#* } reports; xs-trace: ${got:-none}, exit $rc"
want_rc=1
[ "${want% *}" = 0 ] && want_rc=0
if [ "$got" = "$want" ] && [ "$rc" = "$want_rc" ]; then
	echo "PASS  load: xs-trace reports every lost record of the capture (exit $rc)"
else
	echo "FAIL  load: xs-trace's lost records ($got, exit $rc) differ from the file's ($want)"
	status=1
fi
rm -f "$trc"
exit $status
