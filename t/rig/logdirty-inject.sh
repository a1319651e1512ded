# Rig scenario (debug hypervisor, CONFIG_XENSCOPE_INJECT): the lost-dirty
# audit catches marks the hypervisor drops.  On a PV guest (shadow
# log-dirty: the marks of shadow write faults), a PVH guest under HAP (NPT
# write faults) and one under shadow paging, xsguest's dirty-audit workload
# keeps a ledger of what it writes (the independent side):
#  - no injection: `xs-dirty audit` exits 0, nothing lost;
#  - every mark of 4 data pages dropped (XENSCOPE_OP_DIRTY_INJECT with a
#    4-page range, armed before the audit): the audit exits 2 and names exactly the pages the
#    hypervisor says it dropped;
#  - the next 16 marks of any data page dropped, armed once the audit has
#    printed its first round (not after a fixed time: marks of writes
#    before round 0's read cannot be checked, and on a loaded host the
#    audit takes seconds to turn log-dirty on): exit 2, and every page it
#    names is one the hypervisor dropped (a dropped page the guest had
#    also written just before the previous round's clean is in that
#    round's bitmap, which the audit must allow for, so not every drop
#    can be told from a write logged a round early).
# Xen's console must show no assertion or WARN, and log-dirty must be off
# after every audit.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/t/rig/logdirty-lib.sh"
XSD=$XS_TOP/xs-dirty/xs-dirty
DI=$XS_RIG_BIN/xs-dirtyinject
NPAGES=256
ROUNDS=16

for mode in pv pvh-hap pvh-shadow; do
	n=inject-$mode
	ledger_guest "$n" "$mode" "dirty-audit=$NPAGES" || continue
	d=$DOMID frame=$FRAME first=$FIRST last=$LAST

	# 1. Nothing injected: nothing lost.
	audit_run "$n" "$d" "$frame" clean
	if [ "$AUDIT_RC" -eq 0 ] && grep -q ' 0 lost: no dirty page lost$' /tmp/$n.clean.out; then
		ok "$n: without the injector the audit exits 0, none lost"
	else
		not_ok "$n: without the injector the audit exits 0 (exit $AUDIT_RC)"
	fi

	# 2. Every mark of 4 data pages dropped: exactly those 4 are lost.
	drop_range_audit "$n" "$d" "$frame" "$(printf '0x%x' $((first + 16)))" "the data pages"

	# 3. The next 16 marks of any data page dropped.
	audit_run "$n" "$d" "$frame" count after drop 16 "$first" "$last"
	lost=$(lost_set /tmp/$n.count.out)
	dropped=$(dropped_set /tmp/$n.count.inj)
	ndrop=$(sed -n 's/.* dropped=\([0-9]*\) .*/\1/p' /tmp/$n.count.inj)
	extra=$(comm -23 <(echo "$lost") <(echo "$dropped") | grep -c .)
	nlost=$(echo "$lost" | grep -c .)
	if [ "$AUDIT_RC" -eq 2 ] && [ "${ndrop:-0}" -eq 16 ] && [ "$nlost" -ge 1 ] && [ "$extra" -eq 0 ]; then
		ok "$n: next 16 marks dropped: exit 2, $nlost of the $(echo "$dropped" | grep -c .) dropped pages named, none other"
	else
		not_ok "$n: next 16 marks dropped: exit 2 (exit $AUDIT_RC), ${ndrop:-no} dropped, $nlost named, $extra not dropped"
	fi
	check_off "$n" "$d"
	xsguest_destroy "$n"
done

"$DI" 0 status >/tmp/di-none.out 2>&1
grep -q '^domid=32756 dropped=0 ' /tmp/di-none.out &&
	ok "nothing armed after the runs: status names no domain" ||
	not_ok "nothing armed after the runs (status: $(cat /tmp/di-none.out))"
"$DI" 0 drop 0 0 1 >/tmp/di-zero.out 2>&1
[ "$?" -eq 1 ] && grep -q 'Invalid argument' /tmp/di-zero.out &&
	ok "a drop of 0 marks is refused (EINVAL)" ||
	not_ok "a drop of 0 marks is refused (got: $(cat /tmp/di-zero.out))"

xen_console_clean
diag "Xen logged $(grep -c 'xenscope: dropping the next' /tmp/xen-dmesg.all) drops armed"
test_done
