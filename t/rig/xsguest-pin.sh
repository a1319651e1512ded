# Rig scenario: xsguest pin (PV) pins a second L4 and loads a GDT and an
# LDT; Xen's page types show the pinned L4, and Xen's own page records
# (type_info) show the GDT and LDT frames typed as segment-descriptor pages.
# PVH guests report that they cannot.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

n=pin-pv
if xsguest_boot "$n" pv pin 32; then
	xsguest_has "$n" '^xsguest: pinned l4=0x[0-9a-f]+$'
	xsguest_has "$n" '^xsguest: gdt frame=0x[0-9a-f]+ entries=3$'
	xsguest_has "$n" '^xsguest: ldt va=0x[0-9a-f]+ frame=0x[0-9a-f]+ entries=1$'
	l4=$(xsguest_line "$n" 'pinned l4=' | sed 's/.*l4=0x//')
	if xsguest_pagetypes "$DOMID" | grep -q "^0x$l4 pinned L4$"; then
		ok "Xen reports mfn 0x$l4 as a pinned L4"
	else
		not_ok "Xen reports mfn 0x$l4 as a pinned L4"
		diag "$(xsguest_pagetypes "$DOMID" | grep -v ' -$')"
	fi
	gdt=$(xsguest_line "$n" 'gdt frame=' | sed 's/.*frame=\(0x[0-9a-f]*\).*/\1/')
	ldt=$(xsguest_line "$n" 'ldt va=' | sed 's/.*frame=\(0x[0-9a-f]*\).*/\1/')
	if xen_records "$DOMID"; then
		xen_page_typed "$n" "$DOMID" "$gdt" "$XEN_PGT_SEG_DESC" "a GDT/LDT page (GDT)"
		xen_page_typed "$n" "$DOMID" "$ldt" "$XEN_PGT_SEG_DESC" "a GDT/LDT page (LDT)"
		# The pinned L4: type L4 (4), pinned, validated.
		rec=$(xen_page "$DOMID" "0x$l4")
		if echo "$rec" | grep -q ' ptype=4 .* pinned=1 validated=1 '; then
			ok "Xen's page record of mfn 0x$l4: a pinned, validated L4"
		else
			not_ok "Xen's page record of mfn 0x$l4: a pinned, validated L4"
			diag "record: ${rec:-none}"
		fi
	else
		not_ok "Xen's page records of domain $DOMID"
	fi
	xsguest_destroy "$n"
fi

n=pin-pvh
if xsguest_boot "$n" pvh pin 32; then
	xsguest_has "$n" '^xsguest: pin unsupported-pvh$'
	xsguest_destroy "$n"
fi
test_done
