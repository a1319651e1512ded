# Rig scenario (debug hypervisor): the lost-dirty audit over writes Xen
# makes for the guest.  xsguest's dirty-xen workload writes a quarter of
# its data pages only through Xen (xen_version's copy to the guest: a
# shadow write fault taken in Xen for PV, hvm_copy for PVH; and a grant
# copy between its own frames, marked by gnttab_mark_dirty()), recording
# each in its ledger after the hypercall returned.  On PV, PVH-HAP and
# PVH-shadow:
#  - `xs-dirty audit` over 16 rounds exits 0, nothing lost: Xen's writes
#    are logged each round like the guest's own;
#  - with every mark of 4 of the Xen-written pages dropped
#    (XENSCOPE_OP_DIRTY_INJECT), it exits 2 naming exactly those 4, as the
#    hypervisor's own list of dropped gfns says: those writes are checked.
# Writes into pages Xen keeps mapped (vcpu_info, FIFO event channel
# blocks, an HVM guest's ioreq pages) are marked only by the final pass of
# a migration (XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL) and are not in any ledger:
# not covered here (docs/logdirty.md).
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/t/rig/logdirty-lib.sh"
XSD=$XS_TOP/xs-dirty/xs-dirty
NPAGES=256
ROUNDS=16

for mode in pv pvh-hap pvh-shadow; do
	n=xenw-$mode
	ledger_guest "$n" "$mode" "dirty-xen=$NPAGES" || continue
	d=$DOMID frame=$FRAME
	xline=$(xsguest_line "$n" 'dirty-xen: pfn')
	xfirst=$(echo "$xline" | sed 's/.* pfn \(0x[0-9a-f]*\)-.*/\1/')
	diag "$xline"

	audit_run "$n" "$d" "$frame" clean
	checked=$(sed -n 's/.*rounds, \([0-9]*\) writes checked.*/\1/p' /tmp/$n.clean.out)
	if [ "$AUDIT_RC" -eq 0 ] && grep -q ' 0 lost: no dirty page lost$' /tmp/$n.clean.out &&
		[ "${checked:-0}" -gt 100 ]; then
		ok "$n: Xen's writes for the guest are logged: exit 0, $checked writes checked, none lost"
	else
		not_ok "$n: Xen's writes for the guest are logged: exit 0 (exit $AUDIT_RC, ${checked:-no} writes checked)"
	fi

	drop_range_audit "$n" "$d" "$frame" "$(printf '0x%x' $((xfirst + 4)))" "the Xen-written pages"
	check_off "$n" "$d"
	if grep -Eq 'xsguest: (FAULT|PANIC)' "$(xsguest_log "$n")"; then
		not_ok "$n: the guest's hypercalls all succeeded ($(grep -E 'FAULT|PANIC' "$(xsguest_log "$n")" | head -n 1))"
	else
		ok "$n: the guest's hypercalls all succeeded (no panic)"
	fi
	xsguest_destroy "$n"
done

xen_console_clean
test_done
