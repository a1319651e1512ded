#!/usr/bin/env bash
# Rig: a scenario that hangs fails with a clear message and the serial log
# tail within its timeout, without hanging the suite.
top=$(cd "$(dirname "$0")/.." && pwd)
limit=45
start=$(date +%s)
out=$("$top/rig/run-scenario.sh" --timeout "$limit" "$top/t/rig/broken-never-ready.sh" 2>&1)
rc=$?
took=$(($(date +%s) - start))
n=0
t() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
t "runner exits non-zero (rc=$rc)" '[ $rc -ne 0 ]'
t "runner reports the timeout" 'grep -q "^not ok .* - rig: broken-never-ready timed out after ${limit}s" <<<"$out"'
t "runner prints the serial log tail" 'grep -q "last lines of the serial log" <<<"$out" && grep -q "^# (XEN)\|^# .*xsguest\|^# \[" <<<"$out"'
t "the partial TAP of the scenario is kept" 'grep -q "^ok 1 - scenario started" <<<"$out"'
# The timeout counts from the scenario's start; the runner says how long the
# boot before it took.
boot=$(sed -n 's/^# rig: boots: .*last boot \([0-9]*\)s.*/\1/p' <<<"$out")
waited=$(sed -n 's/^# rig: waited \([0-9]*\)s for the rig/\1/p' <<<"$out")
took=$((took - ${waited:-0}))
t "the runner reports the boot (${boot:-?}s)" '[ -n "$boot" ]'
t "it stops within boot + timeout + the build and kill margin (${took}s)" '[ $took -le $((${boot:-0} + limit + 30)) ]'
# Before killing QEMU the runner made Xen dump its CPUs: Xen's own words.
serial=$top/build/rig/logs/broken-never-ready.release.serial.log
t "Xen dumped its CPUs and dom0's vCPUs before the kill" \
	"grep -aq \"'d' pressed\" '$serial' && grep -aq \"'0' pressed\" '$serial'"
echo "1..$n"
echo "$out" | tail -n 8 | sed 's/^/# | /'
