# Rig scenario: xsguest superpages maps 2 MiB pages (PVH, under shadow
# paging) and splinters one while live; PV guests report that they cannot.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

n=superpages-pvh
if xsguest_boot "$n" pvh superpages 32; then
	xsguest_has "$n" '^xsguest: superpages count=[1-9][0-9]* mib=[0-9]+ base=0x[0-9a-f]+$'
	xsguest_has "$n" '^xsguest: superpages splintered=1$'
	xsguest_shadow "$DOMID"
	xsguest_shadow_levels "$DOMID" fl1
	xsguest_destroy "$n"
fi

n=superpages-pv
if xsguest_boot "$n" pv superpages 32; then
	xsguest_has "$n" '^xsguest: superpages unsupported-pv$'
	xsguest_destroy "$n"
fi
test_done
