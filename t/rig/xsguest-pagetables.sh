# Rig scenario: xsguest pagetables=8 builds four 4-level address spaces and
# rewrites their live entries.  PV: Xen holds them as pinned, validated
# L4..L1 page tables.  PVH: the domain runs under shadow paging, with
# shadows at every level.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

for kind in pv pvh; do
	n=pagetables-$kind
	xsguest_boot "$n" "$kind" pagetables=8 32 || continue
	xsguest_has "$n" '^xsguest: pagetables spaces=4 mib=8$'
	xsguest_has "$n" '^xsguest: pagetables rounds=[0-9]+ switches=[0-9]+ live_writes=[0-9]+ '
	if [ "$kind" = pvh ]; then
		xsguest_shadow "$DOMID"
		xsguest_shadow_levels "$DOMID" l1 l2 l3 l4
	else
		types=$(xsguest_pagetypes "$DOMID")
		l4=$(xsguest_line "$n" 'pagetables rounds=' | sed 's/.* l4=0x//')
		pinned=$(echo "$types" | grep -c 'pinned L4$')
		l1=$(echo "$types" | grep -c ' L1$')
		[ -n "$types" ] || diag "xen-mfndump: $(cat /tmp/mfndump.err)"
		diag "PV page types: $(echo "$types" | awk '{$1 = ""; print}' | sort | uniq -c | tr '\n' ';')"
		# The builder pins the boot L4; the workload pins one per space.
		if [ "$pinned" -ge 5 ]; then
			ok "Xen holds $pinned pinned L4 tables"
		else
			not_ok "Xen holds at least 5 pinned L4 tables (has $pinned)"
		fi
		# 4 spaces x 4 data L1s, plus the 1:1 map's L1s.
		if [ "$l1" -ge 16 ]; then
			ok "Xen holds $l1 L1 page tables"
		else
			not_ok "Xen holds at least 16 L1 page tables (has $l1)"
		fi
		if echo "$types" | grep -q "^0x$l4 pinned L4$"; then
			ok "the last space's L4 (mfn 0x$l4) is a pinned L4"
		else
			not_ok "the last space's L4 (mfn 0x$l4) is a pinned L4"
		fi
	fi
	xsguest_destroy "$n"
done
test_done
