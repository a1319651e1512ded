#!/usr/bin/env bash
# trace-holders-check.sh OUT FIRST XEN-SYMS: the host-side checks of t9420
# on what t/rig/trace-holders.sh kept in OUT, as TAP test points numbered
# from FIRST (no plan: the wrapper prints it).  With the booted release
# hypervisor's xen-syms (built at -O2, where a call in tail position is a
# jump), the recorded call sites must name the function that made the call.
out=$1
n=$(($2 - 1))
syms=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
RA=$top/refaudit/refaudit
XT=$top/trace/xs-trace
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
fail_diag() { printf '%s\n' "$@" | sed 's/^/# /' | tee /dev/stderr; }

d=$(cat "$out/domid" 2>/dev/null)
# put_page_from_l1e() ends in put_page(): a tail jump at -O2, so a return
# address would have named its caller (mod_l1_entry, devalidate_page...).
"$XT" --syms "$syms" "$out/gone.trc" >"$out/gone-syms.txt" 2>&1
k=$(grep -c "xenscope put domid=$d .*caller=0x[0-9a-f]*<put_page_from_l1e+" "$out/gone-syms.txt")
if [ "$k" -gt 0 ]; then
	ok "the teardown's puts of the guest's mapped pages name put_page_from_l1e ($k puts)"
else
	not_ok "the teardown's puts of the guest's mapped pages name put_page_from_l1e"
	fail_diag "$(grep "xenscope put domid=$d " "$out/gone-syms.txt" | sed 's/.*caller=//' |
		sed 's/+0x[0-9a-f]*>.*//' | sort | uniq -c | sort -rn | head -n 8)"
fi
"$RA" -f "$out/live.snap" --syms "$syms" "$d" --history >"$out/history-syms.txt" 2>&1
rc=$?
# References are interchangeable: which of a page's gets --history keeps is
# a pairing rule, so the mapping's may be the type reference.
if grep -Eq '^    (get|type_get) .*\(.*common/grant_table\.c:[0-9]*[;)]' "$out/history-syms.txt"; then
	ok "the self mappings' references name grant_table.c with file:line"
else
	not_ok "the self mappings' references name grant_table.c with file:line (exit $rc)"
	fail_diag "$(head -n 30 "$out/history-syms.txt")"
fi
# gnttab_grow_table() shares the frames; it may be inlined into its caller.
if grep -q '^    type_shr .*(.*common/grant_table\.c:[0-9]*[;)]' "$out/history-syms.txt"; then
	ok "the grant frames' shares name grant_table.c with file:line"
else
	not_ok "the grant frames' shares name grant_table.c with file:line"
	fail_diag "$(grep type_shr "$out/history-syms.txt" | head -n 5)"
fi
echo "$n" >"$out/last-test"
