# Rig scenario: xsguest superpages maps 2 MiB pages (PVH, under shadow
# paging) and splinters one while live; PV guests report that they cannot.
# Xen's own shadow records say how each superpage is mapped: the splintered
# one through an l1 shadow of the guest's new L1, the others only through
# fl1 shadows (which shadow a guest superpage).
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

n=superpages-pvh
if xsguest_boot "$n" pvh superpages 32; then
	xsguest_has "$n" '^xsguest: superpages count=[1-9][0-9]* mib=[0-9]+ base=0x[0-9a-f]+$'
	xsguest_has "$n" '^xsguest: superpages splintered=1$'
	xsguest_shadow "$DOMID"
	xsguest_shadow_levels "$DOMID" fl1
	count=$(xsguest_line "$n" 'superpages count=' | sed 's/.*count=\([0-9]*\).*/\1/')
	base=$(xsguest_line "$n" 'superpages count=' | sed 's/.*base=//')
	for s in $(seq 0 $((${count:-1} - 1))); do
		# The middle 4 KiB frame of superpage s, by guest frame number.
		g=$(printf '%#x' $((base / 4096 + s * 512 + 256)))
		got=$(xen_gfn_shadows "$DOMID" "$g" | tr '\n' ' ')
		# Superpage 0 is now also mapped by the new L1 (the 1:1 map's
		# 2 MiB page may still reach it through the same fl1 shadow).
		if [ "$s" -eq 0 ]; then
			case " $got" in
			*" l1 "*) ok "Xen maps splintered superpage 0 (gfn $g) through an l1 shadow ($got)" ;;
			*) not_ok "Xen maps splintered superpage 0 (gfn $g) through an l1 shadow (got '$got')" ;;
			esac
		elif [ "$got" = "fl1 " ]; then
			ok "Xen maps superpage $s (gfn $g) through fl1 shadows only"
		else
			not_ok "Xen maps superpage $s (gfn $g) through fl1 shadows only (got '$got')"
		fi
	done
	xsguest_destroy "$n"
fi

n=superpages-pv
if xsguest_boot "$n" pv superpages 32; then
	xsguest_has "$n" '^xsguest: superpages unsupported-pv$'
	xsguest_destroy "$n"
fi
test_done
