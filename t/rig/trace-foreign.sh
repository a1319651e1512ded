# Rig scenario: reference tracing of the foreign-mapping zombie.  refaudit
# --arm records the guest's page references while a dom0 process maps its
# pages and the guest is destroyed; --history must list the gets left and
# the destruction stages in order.  The capture and the snapshot are checked
# again on the host by t/rig/trace-foreign-check.sh: the get named in dom0's
# mapping path (get_page_from_l1e) and Debian's xenalyze reading it.
. "$XS_TOP/t/rig/lib.sh"
NPAGES=4
RA=$XS_TOP/refaudit/refaudit
# xentrace writes straight from the mapped trace buffers, which the 9p share
# refuses (EFAULT): record in dom0's tmpfs, keep copies in /xs/out.
out=/tmp/trace
mkdir -p "$out" /xs/out

. "$XS_TOP/t/rig/trace-arm.sh"
. "$XS_TOP/t/rig/trace-stages.sh"

if create_linux_pv tracez 192; then
	d=$DOMID
	ok "Linux PV guest boots to ready (domid $d)"
else
	not_ok "Linux PV guest boots to ready"
	cp "$out"/*.log /xs/out/ 2>/dev/null
test_done
	exit
fi

arm_check "refaudit --arm $d starts recording" "$d" "$out/held.trc" --save "$out/held.snap"

if start_holder /tmp/holder.out "$XS_RIG_BIN/xs-map-foreign" "$d" "$NPAGES"; then
	ok "dom0 process maps $NPAGES pages of domain $d"
else
	not_ok "dom0 process maps $NPAGES pages of domain $d"
fi
check "xl destroy returns" "$XL" destroy "$d"
sleep 2
if xl_dying "$d"; then
	ok "domain $d is still listed, dying"
else
	not_ok "domain $d is still listed, dying"
fi
disarm
arm_out=$(cat "$out/held.trc.log")
if echo "$arm_out" | grep -q ' from xenscope tracepoints, [0-9]* lost$'; then
	ok "recording reports its records and lost records"
else
	not_ok "recording reports its records and lost records"
fi
diag "$arm_out"

# Live --history with raw addresses: symbolizing the debug hypervisor's
# xen-syms takes minutes on the software CPU, so the symbolized history is
# read on the host from the snapshot (t/rig/trace-foreign-check.sh).
XS_XEN_SYMS= "$RA" "$d" --history --trace "$out/held.trc" >"$out/history.txt" 2>&1
rc=$?
diag "refaudit --history (exit $rc):" "$(head -n 40 "$out/history.txt")"
if grep -q '^    get .*0x[0-9a-f]' "$out/history.txt"; then
	ok "--history lists the unbalanced gets (raw addresses without xen-syms)"
else
	not_ok "--history lists the unbalanced gets (raw addresses without xen-syms)"
fi
n=$(grep -c '^  mfn ' "$out/history.txt")
if [ "$n" -ge "$NPAGES" ]; then
	ok "--history lists the $NPAGES mapped pages as held (saw $n)"
else
	not_ok "--history lists the $NPAGES mapped pages as held (saw $n)"
fi

stages "$out/history.txt" >"$out/stages1.txt"
if stages_in_order "$out/stages1.txt"; then
	ok "destruction stages appear in order"
else
	not_ok "destruction stages appear in order"
fi
diag "stages:" "$(cat "$out/stages1.txt")"
if cp "$out/held.trc" "$out/held.snap" "$out/history.txt" /xs/out/; then
	ok "the capture and the snapshot are kept for the checks on the host"
else
	not_ok "the capture and the snapshot are kept for the checks on the host"
fi

# Second recording: the holder lets go and the zombie is destroyed.
arm "$d" "$out/gone.trc"
kill "$HOLDER_PID"
wait "$HOLDER_PID" 2>/dev/null
if wait_gone "$d" 10; then
	ok "domain $d is gone after the holder exits"
else
	not_ok "domain $d is gone after the holder exits"
fi
sleep 1
disarm
"$XS_TOP/build/t/unit/trace" dump "$out/gone.trc" >"$out/gone.txt" 2>&1
if grep -q "stage d$d domain_destroy (gone)" "$out/gone.txt"; then
	ok "the final domain_destroy stage is recorded"
else
	not_ok "the final domain_destroy stage is recorded"
	diag "$(grep stage "$out/gone.txt" | tail -n 5)"
fi
cp "$out"/*.log /xs/out/ 2>/dev/null
test_done
