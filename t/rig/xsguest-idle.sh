# Rig scenario: the xsguest PV and PVH kernels boot to ready and idle.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

for kind in pv pvh; do
	n=idle-$kind
	xsguest_boot "$n" "$kind" idle || continue
	xsguest_has "$n" "^xsguest: boot kind=$kind ram_mib=[0-9]+ "
	[ "$kind" = pvh ] && xsguest_shadow "$DOMID"
	# Idle means blocked, not spinning: CPU time stays put over 2 s.
	c0=$("$XL" list "$DOMID" | awk 'NR == 2 {print $6}')
	sleep 2
	c1=$("$XL" list "$DOMID" | awk 'NR == 2 {print $6}')
	if awk -v a="$c0" -v b="$c1" 'BEGIN {exit !(b - a < 0.5)}'; then
		ok "$n idles without burning CPU ($c0 s -> $c1 s)"
	else
		not_ok "$n idles without burning CPU ($c0 s -> $c1 s)"
	fi
	xsguest_destroy "$n"
done
test_done
