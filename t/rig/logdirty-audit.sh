# Rig scenario: the lost-dirty audit.  xsguest's dirty-audit workload keeps
# a ledger of every page it writes; `xs-dirty audit` holds 20 rounds of
# Xen's log-dirty bitmaps against it on PV (shadow log-dirty), PVH under
# HAP (NPT) and PVH under shadow paging: no page written may be missing
# from the bitmaps, and the mode must be off afterwards, as Xen says.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/t/rig/logdirty-lib.sh"
XSD=$XS_TOP/xs-dirty/xs-dirty
NPAGES=256

for mode in pv pvh-hap pvh-shadow; do
	kind=${mode%%-*}
	hap=0
	[ "$mode" = pvh-hap ] && hap=1
	n=audit-$mode
	if ! XSG_HAP=$hap xsguest_create "$n" "$kind" "dirty-audit=$NPAGES" 64; then
		not_ok "$n boots with dirty-audit=$NPAGES"
		continue
	fi
	d=$DOMID
	ok "$n boots with dirty-audit=$NPAGES (domain $d)"
	frame=$(xsguest_line "$n" 'dirty-ledger frame' | sed 's/.*frame \(0x[0-9a-f]*\) .*/\1/')
	before=$(paging_of "$d")
	"$XSD" audit --ledger "$frame" -n 20 -i 0.5 "$d" >/tmp/$n.out 2>/tmp/$n.err &
	pid=$!
	sleep 3
	during=$(paging_of "$d")
	wait "$pid"
	rc=$?
	after=$(paging_of "$d")
	diag "$(tail -n 3 /tmp/$n.out)" "$(cat /tmp/$n.err)"
	checked=$(sed -n 's/.*rounds, \([0-9]*\) writes checked.*/\1/p' /tmp/$n.out)
	if [ "$rc" -eq 0 ] && grep -q ' 0 lost: no dirty page lost$' /tmp/$n.out &&
		[ "${checked:-0}" -gt 100 ]; then
		ok "$n: 20 rounds, $checked writes checked, none lost (exit 0)"
	else
		not_ok "$n: 20 rounds, none lost (exit $rc, ${checked:-no} writes checked)"
	fi
	rounds=$(grep -c '^round [0-9]*: ' /tmp/$n.out)
	overflow=$(grep -c 'not checked: more writes' /tmp/$n.out)
	if [ "$rounds" -eq 20 ] && [ "$overflow" -eq 0 ]; then
		ok "$n: every round read the whole ledger"
	else
		not_ok "$n: every round read the whole ledger ($rounds rounds, $overflow overflowed)"
	fi
	# Xen's own view: log_dirty while the audit runs, the mode as before after.
	case "$during" in *log_dirty*)
		ok "$n: Xen shows log_dirty during the audit ('$during')" ;;
	*) not_ok "$n: Xen shows log_dirty during the audit (saw '$during')" ;; esac
	if [ "$after" = "$before" ] && log_dirty_off "$d"; then
		ok "$n: log-dirty mode is off again, paging as before, as Xen says ('${after:-none}')"
	else
		not_ok "$n: log-dirty mode is off again (Xen before '$before', after '$after')"
	fi
	xsguest_destroy "$n"
done

"$XSD" audit --ledger 0x1 0 2>/tmp/audit-dom0.err
rc=$?
[ "$rc" -ne 0 ] && [ "$(wc -l </tmp/audit-dom0.err)" -eq 1 ] &&
	ok "no ledger (dom0, frame 1): one line, exit $rc" ||
	not_ok "no ledger (dom0, frame 1): one line (exit $rc: $(cat /tmp/audit-dom0.err))"
test_done
