#!/usr/bin/env bash
# trace-foreign-check.sh OUT FIRST XEN-SYMS: the host-side checks of t9400
# on what t/rig/trace-foreign.sh kept in OUT, as TAP test points numbered
# from FIRST (no plan: the wrapper prints it).  The snapshot written by
# `refaudit --arm --save` carries the trace; read on the host with the
# booted hypervisor's xen-syms it must name the get of dom0's mapping path
# with its file and line, and Debian's xenalyze must read the capture.
out=$1
n=$(($2 - 1))
syms=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
RA=$top/refaudit/refaudit
. "$top/t/rig/trace-stages.sh"
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
# A failure's diagnostics go to standard error too: prove shows them in a
# CI log that is not verbose.
fail_diag() { printf '%s\n' "$@" | sed 's/^/# /' | tee /dev/stderr; }

d=$(sed -n 's/^domain \([0-9]*\).*/\1/p' "$out/history.txt" | head -n 1)
"$RA" -f "$out/held.snap" --syms "$syms" ${d:+"$d"} --history >"$out/history-snap.txt" 2>&1
rc=$?
if grep -q '^    get .*get_page_from_l1e+0x[0-9a-f]* (.*arch/x86/mm.c:[0-9]*[;)]' \
	"$out/history-snap.txt"; then
	ok "the snapshot's --history names the get from get_page_from_l1e with file:line"
else
	not_ok "the snapshot's --history names the get from get_page_from_l1e with file:line (exit $rc)"
	fail_diag "$(head -n 20 "$out/history-snap.txt")"
fi
stages "$out/history-snap.txt" >"$out/stages2.txt"
if stages_in_order "$out/stages2.txt" && cmp -s "$out/stages2.txt" <(stages "$out/history.txt"); then
	ok "the snapshot's stages are the live --history's, in order"
else
	not_ok "the snapshot's stages are the live --history's, in order"
	fail_diag "snapshot:" "$(cat "$out/stages2.txt")"
fi

if xenalyze --dump-all "$out/held.trc" >"$out/xenalyze.txt" 2>&1 &&
	! grep -q FATAL "$out/xenalyze.txt" && grep -q '10f020(10:f:20)' "$out/xenalyze.txt"; then
	ok "xenalyze --dump-all accepts the capture ($(grep -c '10f02' "$out/xenalyze.txt") xenscope records)"
else
	not_ok "xenalyze --dump-all accepts the capture"
	fail_diag "$(tail -n 5 "$out/xenalyze.txt")"
fi
rm -f "$out/xenalyze.txt"
echo "$n" >"$out/last-test"
