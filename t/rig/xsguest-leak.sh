# Rig scenario: the xsguest leak workload is a placeholder (fault injection
# is driven from dom0); it must still boot to ready on both guest kinds.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

for kind in pv pvh; do
	n=leak-$kind
	xsguest_boot "$n" "$kind" leak 32 || continue
	xsguest_has "$n" '^xsguest: leak-hooks none$'
	xsguest_destroy "$n"
done
test_done
