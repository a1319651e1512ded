#!/usr/bin/env bash
# Benchmark (needs the rig): what log-dirty costs on a 1 GiB guest writing
# 1000 pages over and over, PV (shadow log-dirty) and PVH under HAP (NPT):
# one CLEAN round per GiB of guest memory (xs-dirty's own timing of the
# hypercall), and the guest's writes per second with the mode off and on.
# No target is set for these (issue 16 asks for the figures): it fails only
# when the rig gives none.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$("$root/rig/run-scenario.sh" --timeout 600 "$root/bench/rig/logdirty.sh" 2>&1)
status=0
for mode in pv pvh-hap; do
	val() { printf '%s\n' "$out" | sed -n "s/^# bench: $mode $1 //p"; }
	mem=$(val mem_mib) best=$(val clean_best_s) med=$(val clean_median_s)
	off=$(val passes_off) on=$(val passes_on) dirty=$(val round_dirty) rounds=$(val rounds)
	if [ -z "$mem" ] || [ -z "$best" ] || [ -z "$off" ] || [ -z "$on" ]; then
		printf '%s\n' "$out" | tail -n 20
		echo "FAIL logdirty $mode: the rig scenario gave no figures"
		status=1
		continue
	fi
	awk -v m="$mode" -v mem="$mem" -v b="$best" -v md="$med" -v off="$off" -v on="$on" \
		-v d="$dirty" -v r="$rounds" 'BEGIN {
		g = mem / 1024
		printf "logdirty %s: one CLEAN round of a %d MiB guest (%d pages dirty a round, %d rounds): best %.2f ms, median %.2f ms: %.2f ms per GiB (median)\n",
			m, mem, d, r, b * 1e3, md * 1e3, md * 1e3 / g
		printf "logdirty %s: guest writes/s, log-dirty off %.0f, on (1 s rounds) %.0f: %.1f %% slower\n",
			m, off * 1000, on * 1000, (off > 0 ? (1 - on / off) * 100 : 0)
	}'
done
exit $status
