# Rig scenario (debug hypervisor, CONFIG_XENSCOPE_INJECT): the xsguest leak
# workload offers a marked page; dom0 turns the fault-injection knob on it,
# and the audit must name exactly that page with one unexplained reference,
# until the leak is given back.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
RA=$XS_TOP/refaudit/refaudit
INJECT=$XS_RIG_BIN/xs-inject

# unexplained_mfns FILE: the mfns refaudit --json --pages found unexplained.
unexplained_mfns() {
	jq -c '[.pages[] | select(.unexplained != 0 or .unexplained_type != 0) | .mfn]' "$1"
}

for kind in pv pvh; do
	n=leak-$kind
	xsguest_boot "$n" "$kind" leak 32 || continue
	d=$DOMID
	xsguest_has "$n" '^xsguest: leak target gfn=0x[0-9a-f]+ frame=0x[0-9a-f]+$'
	gfn=$(xsguest_line "$n" 'leak target' | sed 's/.*gfn=\(0x[0-9a-f]*\).*/\1/')
	"$RA" --json --pages "$d" >/tmp/$n.0.json
	mfn=$(jq -r --argjson g "$((gfn))" '[.pages[] | select(.gfn == $g)][0].mfn' /tmp/$n.0.json)
	check "inject a general reference on the offered page (gfn $gfn, mfn $mfn)" \
		"$INJECT" "$d" "$mfn" general
	"$RA" --json --pages "$d" >/tmp/$n.1.json
	rc=$?
	[ "$rc" -eq 2 ] && ok "refaudit exits 2 with the leak in place" ||
		not_ok "refaudit exits 2 with the leak in place (got $rc)"
	got=$(unexplained_mfns /tmp/$n.1.json)
	[ "$got" = "[$mfn]" ] && ok "exactly the offered page is unexplained" ||
		not_ok "exactly the offered page is unexplained (got $got, want [$mfn])"
	check "give the leak back" "$INJECT" "$d" "$mfn" put-general
	"$RA" "$d" >/tmp/$n.2.txt
	rc=$?
	[ "$rc" -eq 1 ] && ok "afterwards every reference is explained (exit 1)" ||
		not_ok "afterwards every reference is explained (got exit $rc)"
	xsguest_destroy "$n"
done
test_done
