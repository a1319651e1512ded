# Rig scenario (debug hypervisor with CONFIG_ARGO, booted argo=1): a PV and
# a PVH guest each register an Argo ring of four pages for messages from
# dom0.  Xen then holds a general and a writable type reference on every
# page of the ring (find_ring_mfn()); the audit must report each as an
# Argo ring page Xen uses, and Xen's own counts (PAGES) must be the sums of
# the records (REFS).
N=4 # pages of each ring
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
RA=$XS_TOP/refaudit/refaudit
INJECT=$XS_RIG_BIN/xs-inject
OUT=/xs/out

for kind in pv pvh; do
	n=argo-$kind
	xsguest_boot "$n" "$kind" "argo-ring=$N" 32 || continue
	d=$DOMID
	xsguest_has "$n" "^xsguest: argo-ring pages=$N len=[0-9]+ port=0x5853$"
	frames=$(grep -Eo 'xsguest: argo-ring page [0-9]+ frame=0x[0-9a-f]+' "$(xsguest_log "$n")" | sed 's/.*frame=//')
	"$INJECT" --dump refs "$d" >"$OUT/$n.refs" 2>&1
	"$INJECT" --dump pages "$d" >"$OUT/$n.pages" 2>&1
	i=0
	for f in $frames; do
		# PV guests name their pages by machine frame, PVH ones by gfn.
		if [ "$kind" = pv ]; then mfn=$((f)); else mfn=$(xsguest_mfn_of "$d" "$f"); fi
		mfn=$(printf '%#x' "$mfn")
		rec=$(grep -c "^ref mfn=$mfn .* kind=12 holder=32754 slot=$i .* general=1 type=1 .*aux=0xc " "$OUT/$n.refs")
		if [ "$rec" -eq 1 ]; then
			ok "$kind: ring page $i ($mfn): one record, Xen's Argo reference (general 1, type 1)"
		else
			not_ok "$kind: ring page $i ($mfn): one record, Xen's Argo reference (general 1, type 1) (got $rec)"
			diag "records of $mfn:" "$(grep "^ref mfn=$mfn " "$OUT/$n.refs")"
		fi
		xen_counts_point "$kind: ring page $i" "$OUT/$n.pages" "$OUT/$n.refs" "$mfn"
		i=$((i + 1))
	done
	[ "$i" -eq "$N" ] && ok "$kind: the guest named its $N ring pages" ||
		not_ok "$kind: the guest named its $N ring pages (got $i)"
	"$RA" "$d" >"$OUT/$n.audit" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok "$kind: refaudit: every reference explained (exit 1)" ||
		{ not_ok "$kind: refaudit: every reference explained (got exit $rc)"; diag "refaudit:" "$(tail -n 12 "$OUT/$n.audit")"; }
	grep -q "Argo ring" "$OUT/$n.audit" && ok "$kind: refaudit names the Argo ring pages" ||
		{ not_ok "$kind: refaudit names the Argo ring pages"; diag "refaudit:" "$(cat "$OUT/$n.audit" | head -n 30)"; }
	xsguest_destroy "$n"
done
test_done
