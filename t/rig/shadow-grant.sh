# Rig scenario: a PVH guest under shadow paging (A) grant-maps four pages
# of a PV guest (B) into its physmap and reads them.  Xen then holds on
# each of B's pages, besides PGC_allocated, A's grant mapping (a general
# reference) and A's L1 shadow entry mapping it (a general reference, and a
# writable type one: shadow_get_page_from_l1e() with B as the owner).  The
# audit of B must explain all of them, the shadow's as a SHADOW reference
# held by A; Xen's own counts (PAGES) say how many there are.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
RA=$XS_TOP/refaudit/refaudit
INJECT=$XS_RIG_BIN/xs-inject
OUT=/xs/out
N=4

# B grants to the next domain created (its id + 1), A maps B's grants: a
# PVH boot that is retried takes another id, so the pair is made again.
pair() {
	local attempt
	for attempt in 1 2 3; do
		xsguest_create sg-b pv "grant-dom=next grant=$N" 32 || return 1
		B=$DOMID
		if xsguest_create sg-a pvh "grant-map=$B" 32 && [ "$DOMID" -eq $((B + 1)) ]; then
			A=$DOMID
			return 0
		fi
		diag "pair attempt $attempt: B=$B A=${DOMID:-none}:" "$(cat "$(xsguest_log sg-a)" 2>/dev/null)"
		"$XL" destroy sg-a 2>/dev/null
		"$XL" destroy sg-b 2>/dev/null
		sleep 1
	done
	return 1
}

if pair; then
	ok "B (PV, d$B) grants $N pages to A (PVH under shadow paging, d$A), which maps and reads them"
	diag "console of A:" "$(cat "$(xsguest_log sg-a)")"
	mapped=$(grep -c '^xsguest: grant-map ref=' "$(xsguest_log sg-a)")
	[ "$mapped" -eq "$N" ] && ok "A reports $N grant mappings read back" ||
		not_ok "A reports $N grant mappings read back (got $mapped)"
	# B's granted frames, from B's console (gfn = frame for PV).
	frames=$(grep -Eo 'xsguest: gref=[0-9]+ gfn=0x[0-9a-f]+' "$(xsguest_log sg-b)" | sed 's/.*gfn=//')
	"$INJECT" --dump refs "$B" >"$OUT/b.refs" 2>&1
	"$INJECT" --dump pages "$B" >"$OUT/b.pages" 2>&1
	for f in $frames; do
		mfn=$(printf '%#x' "$((f))")
		sh=$(grep -c "^ref mfn=$mfn .* kind=11 holder=$A " "$OUT/b.refs")
		gr=$(grep -c "^ref mfn=$mfn .* kind=7 holder=$A " "$OUT/b.refs")
		if [ "$sh" -eq 1 ] && [ "$gr" -eq 1 ]; then
			ok "page $mfn: one grant mapping and one L1 shadow entry of d$A reported"
		else
			not_ok "page $mfn: one grant mapping and one L1 shadow entry of d$A reported (shadow $sh, grant $gr)"
			diag "records of $mfn:" "$(grep "^ref mfn=$mfn " "$OUT/b.refs")"
		fi
		xen_counts_point "page $mfn" "$OUT/b.pages" "$OUT/b.refs" "$mfn"
	done
	"$RA" "$B" >"$OUT/b.audit" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok "refaudit d$B: every reference explained (exit 1)" ||
		{ not_ok "refaudit d$B: every reference explained (got exit $rc)"; diag "refaudit:" "$(tail -n 12 "$OUT/b.audit")"; }
	"$RA" "$A" >"$OUT/a.audit" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok "refaudit d$A: every reference explained (exit 1)" ||
		{ not_ok "refaudit d$A: every reference explained (got exit $rc)"; diag "refaudit:" "$(tail -n 12 "$OUT/a.audit")"; }
	xsguest_destroy sg-a
	"$RA" "$B" >"$OUT/b.audit2" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok "with A gone, refaudit d$B: every reference explained (exit 1)" ||
		not_ok "with A gone, refaudit d$B: every reference explained (got exit $rc)"
	"$INJECT" --dump refs "$B" >"$OUT/b.refs2" 2>&1
	left=$(grep -c " kind=11 holder=$A " "$OUT/b.refs2")
	[ "$left" -eq 0 ] && grep -q '^ref ' "$OUT/b.refs2" &&
		ok "with A gone, no shadow reference of d$A is reported" ||
		{ not_ok "with A gone, no shadow reference of d$A is reported ($left)"; diag "records:" "$(grep -v ' kind=1 ' "$OUT/b.refs2" | head -n 20)"; }
	xsguest_destroy sg-b
else
	not_ok "B grants $N pages to A (PVH under shadow paging), which maps and reads them"
fi
test_done
