# Rig scenario: xsguest pin (PV) pins a second L4 and loads a GDT and an
# LDT; Xen's page types show the pinned L4.  PVH guests report that they
# cannot.
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
	xsguest_destroy "$n"
fi

n=pin-pvh
if xsguest_boot "$n" pvh pin 32; then
	xsguest_has "$n" '^xsguest: pin unsupported-pvh$'
	xsguest_destroy "$n"
fi
test_done
