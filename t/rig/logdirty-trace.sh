# Rig scenario: the log-dirty tracepoints in a real capture.  For a PV guest
# (shadow log-dirty) and a PVH guest under HAP (NPT), both running
# xsguest's dirty-audit workload with xenscope tracing on, `xentrace -D -e
# all` records while `xs-dirty audit` runs 8 rounds.  The captures and the
# audits' outputs are left in /xs/out; t9650 checks them on the host
# (t/rig/logdirty-trace-check.sh): the events in order, the marks of each
# round against xs-dirty's own counts, the paths, stock xenalyze.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/t/rig/logdirty-lib.sh"
XSD=$XS_TOP/xs-dirty/xs-dirty
XT=$XS_TOP/trace/xs-trace
NPAGES=256
# xentrace writes straight from the mapped trace buffers, which the 9p share
# refuses (EFAULT): record in dom0's tmpfs, keep copies in /xs/out.
out=/tmp/ldtrace
mkdir -p "$out" /xs/out

for mode in pv pvh-hap; do
	n=ldtrace-$mode
	ledger_guest "$n" "$mode" "dirty-audit=$NPAGES" || continue
	d=$DOMID frame=$FRAME line=$LEDGER_LINE
	if "$XT" --enable "$d"; then
		ok "$n: xenscope tracing on for domain $d"
	else
		not_ok "$n: xenscope tracing on for domain $d"
	fi
	trc=$out/$mode.trc
	xentrace -D -e all -S 512 "$trc" >"$out/$mode.xentrace.log" 2>&1 &
	xt_pid=$!
	sleep 2
	"$XSD" audit --ledger "$frame" -n 8 -i 0.5 "$d" >"$out/$mode.audit" 2>"$out/$mode.audit.err"
	rc=$?
	sleep 1
	kill -INT "$xt_pid"
	wait "$xt_pid"
	"$XT" --disable "$d" || diag "xs-trace --disable $d failed"
	diag "$n: audit exit $rc: $(tail -n 1 "$out/$mode.audit")" "$(cat "$out/$mode.audit.err")" \
		"capture: $(stat -c %s "$trc") bytes; $(tail -n 1 "$out/$mode.xentrace.log")"
	if [ "$rc" -eq 0 ] && grep -q ' 0 lost: no dirty page lost$' "$out/$mode.audit"; then
		ok "$n: the audit under tracing finds nothing lost (exit 0)"
	else
		not_ok "$n: the audit under tracing finds nothing lost (exit $rc)"
	fi
	echo "$d" >"$out/$mode.domid"
	echo "$line" >"$out/$mode.ledger"
	if log_dirty_off "$d" && cp "$trc" "$out/$mode.audit" "$out/$mode.domid" \
		"$out/$mode.ledger" /xs/out/; then
		ok "$n: log-dirty off again; the capture is kept for the checks on the host"
	else
		not_ok "$n: log-dirty off again; the capture is kept for the checks on the host"
	fi
	rm -f "$trc"
	xsguest_destroy "$n"
done
test_done
