# Rig scenario (debug hypervisor, built with CONFIG_MEM_SHARING and allowed
# to share on the rig's SVM CPU by rig/xen-patches/): memory sharing as
# Debian's xen-memshare drives it, and what refaudit says of it.  Two PVH
# xsguests under HAP (sharing needs it), both paused, the client's gfns
# FIRST..LAST shared with the source's (xc_memshr_range_share).  Xen's own
# account is the other side of every check: xen-memshare info (frames
# shared, freed), its nominate (the handle of a gfn already shared), its
# debug-gfn (Xen prints the page's mfn, count_info and type_info) and
# audit, and each domain's shr_pages (getdomaininfo).  Then the source is
# destroyed while the client still maps what it shared, and both domains
# must go away once the client is destroyed too, leaving dom_cow empty.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
MS=/usr/lib/xen-4.17/bin/xen-memshare
RA=$XS_TOP/refaudit/refaudit
OUT=/xs/out
FIRST=0x200
LAST=0x2ff
NR=$((LAST - FIRST + 1))
# The same, for jq (which reads no hex).
F=$((FIRST))
L=$((LAST))

# ms_info FIELD: a number of xen-memshare info ("used", "freed").
ms_info() {
	"$MS" info 2>/dev/null | sed -n "s/^$1 = //p"
}
# Xen 4.17's xen-memshare.c labels its two numbers the wrong way round: it
# prints xc_sharing_freed_pages() (the pages sharing gave back to Xen,
# nr_saved_mfns) as "used" and xc_sharing_used_frames() (the frames now
# shared, nr_shared_mfns) as "freed".  The two are equal right after a
# range share; they part when one sharer goes.
ms_shared() {
	ms_info freed
}
ms_saved() {
	ms_info used
}

# audit NAME ARGS...: refaudit --json ARGS into $OUT/NAME.json (for the
# host's jq checks); AUDIT_RC is its exit status.
audit() {
	local name=$1
	shift
	"$RA" --json "$@" >"$OUT/$name.json" 2>"$OUT/$name.err"
	AUDIT_RC=$?
	diag "refaudit --json $*: exit $AUDIT_RC" "$(head -c 300 "$OUT/$name.err")"
}

XSG_HAP=1 xsguest_create share-src pvh idle 64 && s=$DOMID
XSG_HAP=1 xsguest_create share-cli pvh idle 64 && c=$DOMID
if [ -z "${s:-}" ] || [ -z "${c:-}" ]; then
	not_ok "two PVH guests under HAP boot (src '${s:-}', client '${c:-}')"
	test_done
	exit 0
fi
ok "two PVH guests under HAP boot (src $s, client $c)"
"$XL" pause "$s"
"$XL" pause "$c"
check "xen-memshare enable on both" sh -c "$MS enable $s && $MS enable $c"
diag "before: $("$MS" info 2>&1)"
check "xen-memshare range shares gfns $FIRST-$LAST of $c with $s's" "$MS" range "$s" "$c" "$FIRST" "$LAST"
diag "after: $("$MS" info 2>&1)"
used=$(ms_shared)
check "Xen's account: $NR pages given back to Xen by the sharing" test "$(ms_saved)" = "$NR"
check "Xen's account: $NR frames shared ($used)" test "$used" = "$NR"
check "xen-memshare audit finds nothing wrong" "$MS" audit

# Each domain's view: every gfn of the range, both sharers, no rule broken.
for d in "$s" "$c"; do
	audit "share-$d" --pages "$d"
	check "refaudit $d: exit 1 (shared pages, all explained)" test "$AUDIT_RC" = 1
	host_jcheck "refaudit $d: $NR gfns shared, none breaking a rule" "$OUT/share-$d.json" \
		".shared.pages == $NR and .shared.broken == 0" '.shared | {pages, broken}'
	host_jcheck "refaudit $d: the shared gfns are $FIRST..$LAST, each page owned by dom_cow" \
		"$OUT/share-$d.json" \
		"([.shared.list[].gfn] == [range($F; $L + 1)]) and
		 ([.shared.list[] | select(.owner != 32755)] | length == 0)" \
		'[.shared.list[] | {gfn, owner}] | .[:4]'
	host_jcheck "refaudit $d: every page shared by $s and $c at the same gfn" "$OUT/share-$d.json" \
		"[.shared.list[] | select(([.sharers[] | [.domid, .gfn]] | sort) !=
		  ([[$s, .gfn], [$c, .gfn]] | sort))] | length == 0" \
		'[.shared.list[] | {gfn, sharers}] | .[:3]'
	host_jcheck "refaudit $d: Xen's shr_pages of domain $d is $NR, the gfns refaudit lists" \
		"$OUT/share-$d.json" ".domain.shr_pages == $NR" '.domain.shr_pages'
done
"$RA" --pages "$c" >"$OUT/share-text.txt" 2>&1
check "refaudit $c (text): gfn $FIRST named with both sharers and its handle" \
	grep -Eq "^    mfn 0x[0-9a-f]+  gfn $FIRST  shared by domains ($s|$c) \\(gfn $FIRST\\) and ($s|$c) \\(gfn $FIRST\\), handle [0-9]+$" \
	"$OUT/share-text.txt"

# xen-memshare nominate gives the handle of a gfn already shared.
h=$("$MS" nominate "$c" "$FIRST" 2>&1 | sed -n 's/^handle = //p')
diag "xen-memshare nominate $c $FIRST: handle '${h:-none}'"
if [ -n "$h" ]; then
	host_jcheck "the handle of gfn $FIRST is xen-memshare's ($h)" "$OUT/share-$c.json" \
		"[.shared.list[] | select(.gfn == $F) | .handle] == [$((h))]" \
		"[.shared.list[] | select(.gfn == $F)]"
else
	not_ok "xen-memshare nominate $c $FIRST gives a handle"
fi

# debug-gfn: Xen prints the page's mfn, count_info and type_info (the
# latter with the sharing lock held: PGT_locked, 1 << 60, and one more
# type count, which refaudit's record leaves out); refaudit writes page
# words as 16 hex digits.
"$XL" dmesg -c >/dev/null
"$MS" debug-gfn "$c" "$FIRST" >/dev/null 2>&1
"$XL" dmesg >"$OUT/dmesg.gfn"
dbg=$(sed -n 's/.*Debug page: MFN=\([0-9a-f]*\) is ci=\([0-9a-f]*\), ti=\([0-9a-f]*\), owner_id=d\[COW\].*/\1 \2 \3/p' "$OUT/dmesg.gfn" | head -n 1)
diag "debug-gfn $c $FIRST: '$dbg'"
if [ -n "$dbg" ]; then
	set -- $dbg
	host_jcheck "gfn $FIRST: mfn, count_info and type_info as Xen's debug-gfn prints them" \
		"$OUT/share-$c.json" \
		"[.shared.list[] | select(.gfn == $F) | [.mfn, .count_info, .type_info]] ==
		 [[$((0x$1)), \"$(printf '0x%016x' $((0x$2)))\", \"$(printf '0x%016x' $((0x$3 - (1 << 60) - 1)))\"]]" \
		"[.shared.list[] | select(.gfn == $F)]"
else
	not_ok "xen-memshare debug-gfn: Xen names gfn $FIRST a page of dom_cow"
fi

# dom_cow's view: every shared frame of the host, as many as Xen counts.
audit cow-1 --cow
check "refaudit --cow: exit 1" test "$AUDIT_RC" = 1
host_jcheck "refaudit --cow: $used pages (Xen's frames shared), none breaking a rule" \
	"$OUT/cow-1.json" ".shared.pages == $used and .shared.broken == 0" '.shared | {pages, broken}'

# The source goes; the client keeps mapping what it shared.
"$XL" unpause "$s"
"$XL" destroy "$s"
wait_gone "$s" 20
check "source $s goes away while its pages stay shared" sh -c "! $XL list | grep -q share-src"
used=$(ms_shared)
diag "after destroying $s: $("$MS" info 2>&1)"
check "Xen's account after $s went: $NR frames still shared ($used), none given back" \
	sh -c "test '$used' = $NR && test '$(ms_saved)' = 0"
audit share-after "$c"
check "refaudit $c after $s went: exit 1" test "$AUDIT_RC" = 1
host_jcheck "refaudit $c after $s went: $NR gfns shared by $c alone, none breaking a rule" \
	"$OUT/share-after.json" \
	".shared.pages == $NR and .shared.broken == 0 and
	 ([.shared.list[] | select(.nr_sharers != 1 or .sharers != [{domid: $c, gfn: .gfn}])] | length == 0)" \
	'.shared | {pages, broken, first: .list[0]}'
audit cow-2 --cow
host_jcheck "refaudit --cow after $s went: $used pages (Xen's frames shared), none broken" \
	"$OUT/cow-2.json" ".shared.pages == $used and .shared.broken == 0" '.shared | {pages, broken}'

"$XL" unpause "$c"
"$XL" destroy "$c"
wait_gone "$c" 20
check "both domains go away once the client is gone" sh -c "! $XL list | grep -q share-"
diag "at the end: $("$MS" info 2>&1)"
check "Xen's account: no frame shared at the end" sh -c "test '$(ms_shared)' = 0 && test '$(ms_saved)' = 0"
"$RA" --cow >"$OUT/cow-3.txt" 2>&1
check "refaudit --cow at the end: nothing shared (exit 0)" test $? = 0
test_done
