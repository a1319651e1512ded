# Rig scenario (debug hypervisor with CONFIG_MEM_SHARING and the injector):
# a failed nomination that keeps its type reference, the bug Xen 4.0's
# page_make_sharable() had, and what refaudit says of the page it leaves.
# A dom0 process maps one page of a PVH guest under HAP (an extra
# reference), so xen-memshare's nomination of it fails with E2BIG.  Without
# the injector nothing is left behind; armed (XENSCOPE_INJECT_SHARE_SKIP_UNDO),
# the same sequence leaves exactly that page typed shared with a count
# nobody holds, which refaudit must name from the page's state.  Destroyed
# then, the guest stays a zombie held by that page alone, explained so, and
# goes away once the reference is given back (SHARE_REPAIR).  Xen's own
# records (xs-inject --dump pages: the page words as the hypervisor
# reports them) are the other side.  Both nominations are traced: Xen's
# own tracepoints (XENSCOPE_TRC_SHR_NOMINATE) must tell the two apart.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/t/rig/trace-arm.sh"
MS=/usr/lib/xen-4.17/bin/xen-memshare
RA=$XS_TOP/refaudit/refaudit
INJECT=$XS_RIG_BIN/xs-inject
OUT=/xs/out
GFN=0x300

# page_words DOMID MFN: "ptype=N tcount=N gcount=N" of MFN, as Xen reports it.
page_words() {
	"$INJECT" --dump pages "$1" | grep " mfn=$2 " | grep -o 'ptype=[0-9]* tcount=[0-9]* gcount=[0-9]*'
}

# nominate: xen-memshare nominate of GFN, which must fail with E2BIG.
nominate_fails() {
	local out
	out=$("$MS" nominate "$d" "$GFN" 2>&1)
	diag "xen-memshare nominate $d $GFN: $out"
	check "$1: xen-memshare nominate $GFN fails for the extra reference (E2BIG)" \
		sh -c "echo '$out' | grep -q 'Argument list too long'"
}

XSG_HAP=1 xsguest_create share-inj pvh idle 64 && d=$DOMID
if [ -z "${d:-}" ]; then
	not_ok "a PVH guest under HAP boots"
	test_done
	exit 0
fi
ok "a PVH guest under HAP boots (domain $d)"
"$XL" pause "$d"
check "xen-memshare enable $d" "$MS" enable "$d"
mfn=$("$INJECT" --dump pages "$d" | sed -n "s/^page mfn=\(0x[0-9a-f]*\) gfn=$GFN .*/\1/p")
diag "gfn $GFN is mfn ${mfn:-unknown}"
start_holder "$OUT/mapper.out" "$XS_RIG_BIN/xs-map-foreign" "$d" 1 "$GFN" ||
	not_ok "xs-map-foreign maps gfn $GFN"
pid=$HOLDER_PID
before=$(page_words "$d" "$mfn")
diag "mfn $mfn before: $before"
arm_check "refaudit --arm records domain $d's trace" "$d" "$OUT/shr.trc"

# Without the injector: the failed nomination puts both references back
# (the type field may stay "shared": with a type count of 0 it is free to
# become any type).
nominate_fails "without the injector"
check "without the injector: Xen's counts of mfn $mfn are as before (${before#ptype=* })" \
	test "$(page_words "$d" "$mfn" | sed 's/^ptype=[0-9]* //')" = "${before#ptype=* }"
"$RA" "$d" >"$OUT/plain.txt" 2>&1
rc=$?
diag "refaudit $d: exit $rc" "$(head -n 12 "$OUT/plain.txt")"
check "without the injector: refaudit $d exit 1, nothing flagged" test "$rc" = 1
check "without the injector: no leftover named" sh -c "! grep -q 'failed nomination' $OUT/plain.txt"

# Armed: the same nomination keeps its type reference.
check "arm the injector (share-skip-undo)" "$INJECT" "$d" 0 share-skip-undo
nominate_fails "armed"
after=$(page_words "$d" "$mfn")
diag "mfn $mfn after: $after"
check "armed: Xen reports mfn $mfn typed shared (6) with a type count of 1" \
	sh -c "echo '$after' | grep -q '^ptype=6 tcount=1 '"
"$RA" --json --pages "$d" >"$OUT/armed.json" 2>"$OUT/armed.err"
check "armed: refaudit $d exit 2" test $? = 2
host_jcheck "armed: refaudit names mfn $mfn, and only it, a failed nomination's leftover" \
	"$OUT/armed.json" ".shared_leftovers == [$((mfn))]" '.shared_leftovers'
host_jcheck "armed: the unexplained references are on mfn $mfn alone, one general and one type" \
	"$OUT/armed.json" \
	"[.pages[] | select(.unexplained != 0 or .unexplained_type != 0) | [.mfn, .unexplained, .unexplained_type]]
	 == [[$((mfn)), 1, 1]]" \
	'[.pages[] | select(.unexplained != 0 or .unexplained_type != 0)]'
"$RA" "$d" >"$OUT/armed.txt" 2>&1
check "armed: refaudit says it in words of the page's state" \
	grep -q "^\* mfn $mfn: type reference left by a failed nomination (page_make_sharable): type shared with count 1 on a page domain $d still owns" \
	"$OUT/armed.txt"

disarm
"$XS_TOP/trace/xs-trace" --dump "$OUT/shr.trc" >"$OUT/shr.txt" 2>&1
diag "the trace's nominations:" "$(grep shr_ "$OUT/shr.txt" | head -n 4)"
gfn_hex=$(printf '%#x' "$GFN")
check "the trace: the plain nomination failed (E2BIG) and put its type reference back" \
	grep -Eq "shr_nominate domid=$d rc=-7 gfn=$gfn_hex mfn=$mfn count_before=([0-9]+) count_after=\\1 type_before=0 type_after=0\$" \
	"$OUT/shr.txt"
check "the trace: the armed nomination failed (E2BIG) and kept it (type count 0 -> 1)" \
	grep -Eq "shr_nominate domid=$d rc=-7 gfn=$gfn_hex mfn=$mfn count_before=[0-9]+ count_after=[0-9]+ type_before=0 type_after=1\$" \
	"$OUT/shr.txt"

# The mapper goes, the guest is destroyed: the leftover keeps it a zombie.
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
"$XL" unpause "$d"
"$XL" destroy "$d"
sleep 2
if xl_dying "$d"; then ok "destroyed, domain $d stays dying"; else not_ok "destroyed, domain $d stays dying"; fi
"$RA" "$d" >"$OUT/zombie.txt" 2>&1
rc=$?
diag "refaudit $d (zombie): exit $rc" "$(head -n 12 "$OUT/zombie.txt")"
check "the zombie: refaudit exit 2" test "$rc" = 2
check "the zombie: held by the failed nomination's leftover, named" \
	grep -q "^\* mfn $mfn: type reference left by a failed nomination" "$OUT/zombie.txt"
check "give the type reference back (share-repair)" "$INJECT" "$d" "$mfn" share-repair
wait_gone "$d" 30
check "the zombie goes away once the reference is back" sh -c "! $XL list | grep -q share-inj"
test_done
