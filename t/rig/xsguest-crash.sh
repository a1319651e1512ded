# Rig scenario: xsguest crash writes to an unmapped address; the guest must
# print the fault (vector 14, rip, cr2) on its console and then crash.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

for kind in pv pvh; do
	n=crash-$kind
	if xsguest_create "$n" "$kind" crash 32; then
		not_ok "$n reached ready instead of faulting"
		"$XL" destroy "$n"
		continue
	fi
	xsguest_has "$n" '^xsguest: FAULT vec=14 rip=0x[0-9a-f]+ cr2=0x7ff000000000 err=0x[0-9a-f]+$'
	# on_crash = "preserve": the crashed domain stays, in state c.
	st=$("$XL" list "$n" 2>/dev/null | awk 'NR == 2 {print $5}')
	if [ "${st#*c}" != "$st" ]; then
		ok "$n is left crashed (state $st)"
	else
		not_ok "$n is left crashed (state '$st')"
	fi
	xsguest_destroy "$n"
done
test_done
