# Rig scenario (debug hypervisor, CONFIG_XENSCOPE_INJECT): the xsguest leak
# workload offers a marked page; dom0 turns the fault-injection knob on it,
# and the audit must name exactly that page with one unexplained reference,
# until the leak is given back.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
RA=$XS_TOP/refaudit/refaudit
INJECT=$XS_RIG_BIN/xs-inject

OUT=/xs/out

for kind in pv pvh; do
	n=leak-$kind
	xsguest_boot "$n" "$kind" leak 32 || continue
	d=$DOMID
	xsguest_has "$n" '^xsguest: leak target gfn=0x[0-9a-f]+ frame=0x[0-9a-f]+$'
	gfn=$(xsguest_line "$n" 'leak target' | sed 's/.*gfn=\(0x[0-9a-f]*\).*/\1/')
	mfn=$(xsguest_mfn_of "$d" "$gfn")
	check "inject a general reference on the offered page (gfn $gfn, mfn $mfn)" \
		"$INJECT" "$d" "$mfn" general
	xsguest_leak_seen "$d" "$mfn" "$OUT/$n.1.json" "$kind"
	check "give the leak back" "$INJECT" "$d" "$mfn" put-general
	"$RA" "$d" >/tmp/$n.2.txt
	rc=$?
	[ "$rc" -eq 1 ] && ok "afterwards every reference is explained (exit 1)" ||
		not_ok "afterwards every reference is explained (got exit $rc)"
	xsguest_destroy "$n"
done
test_done
