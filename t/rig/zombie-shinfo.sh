# Rig scenario: a dom0 tool holds a PV guest's shared_info page mapped, as
# xenctx does, when the guest is destroyed.  The guest stays dying, held by
# that Xen heap page: dom0's L1 entry holds a general and a writable type
# reference, and the type reference share_xen_page_with_guest() gave the
# page stays after relinquish dropped PGC_allocated, until the page is
# freed with the domain.  The audit of the zombie must explain both, the
# latter as Xen's (XEN / SHARED_INFO), and Xen's own counts must be the
# sums of the records.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
RA=$XS_TOP/refaudit/refaudit
INJECT=$XS_RIG_BIN/xs-inject
OUT=/xs/out

n=shinfo
if xsguest_boot "$n" pv idle 32; then
	d=$DOMID
	if start_holder /tmp/shinfo.out "$XS_RIG_BIN/xs-map-foreign" "$d" shared-info; then
		ok "a dom0 process maps the shared_info page of domain $d"
	else
		not_ok "a dom0 process maps the shared_info page of domain $d"
	fi
	"$RA" "$d" >"$OUT/live.audit" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok "running: every reference explained (exit 1)" ||
		{ not_ok "running: every reference explained (got exit $rc)"; diag "refaudit:" "$(tail -n 12 "$OUT/live.audit")"; }
	check "xl destroy returns" "$XL" destroy "$d"
	sleep 1
	xl_dying "$d" && ok "domain $d stays dying, held by the mapping" ||
		not_ok "domain $d stays dying, held by the mapping"
	"$INJECT" --dump refs "$d" >"$OUT/zombie.refs" 2>&1
	"$INJECT" --dump pages "$d" >"$OUT/zombie.pages" 2>&1
	shr=$(grep " kind=12 holder=32754 .* aux=0x1 " "$OUT/zombie.refs")
	mfn=$(printf '%s\n' "$shr" | sed -n '1s/^ref mfn=\([0-9a-fx]*\) .*/\1/p')
	if [ "$(printf '%s\n' "$shr" | grep -c ' general=0 type=1 ')" -eq 1 ] && [ -n "$mfn" ]; then
		ok "zombie: Xen's type reference on its shared_info page $mfn is reported (general 0, type 1)"
	else
		not_ok "zombie: Xen's type reference on its shared_info page is reported (general 0, type 1)"
		diag "records:" "$(grep -v ' kind=1 ' "$OUT/zombie.refs" | head -n 20)" "pages:" "$(head -n 10 "$OUT/zombie.pages")"
	fi
	if [ -n "$mfn" ]; then
		l1=$(grep -c "^ref mfn=$mfn .* kind=2 holder=0 .* general=1 type=1 " "$OUT/zombie.refs")
		[ "$l1" -eq 1 ] && ok "zombie: dom0's L1 entry mapping it is reported (general 1, type 1)" ||
			{ not_ok "zombie: dom0's L1 entry mapping it is reported (got $l1)"; diag "records:" "$(grep "^ref mfn=$mfn " "$OUT/zombie.refs")"; }
		xen_counts_point "zombie: page $mfn" "$OUT/zombie.pages" "$OUT/zombie.refs" "$mfn"
	else
		not_ok "zombie: dom0's L1 entry mapping it is reported"
		not_ok "zombie: Xen's general and type counts of the page are the sums of its records"
	fi
	"$RA" "$d" >"$OUT/zombie.audit" 2>&1
	rc=$?
	diag "refaudit $d (exit $rc):" "$(cat "$OUT/zombie.audit")"
	[ "$rc" -eq 1 ] && ok "zombie: held, not a hypervisor bug (exit 1)" ||
		not_ok "zombie: held, not a hypervisor bug (got exit $rc)"
	grep -q "held by domain 0 through foreign mappings" "$OUT/zombie.audit" &&
		ok "refaudit names domain 0's foreign mapping as the holder" ||
		not_ok "refaudit names domain 0's foreign mapping as the holder"
	kill "$HOLDER_PID" 2>/dev/null
	wait "$HOLDER_PID" 2>/dev/null
	wait_gone "$d" 10 && ok "domain $d is gone once the mapping goes" ||
		{ not_ok "domain $d is gone once the mapping goes"; "$XL" destroy "$d" 2>/dev/null; }
fi
test_done
