# Rig scenario: reference tracing of the foreign-mapping zombie.  refaudit
# --arm records the guest's page references while a dom0 process maps its
# pages and the guest is destroyed; --history must name the get taken in
# dom0's mapping path (get_page_from_l1e), the destruction stages must come
# in order, and Debian's xenalyze must read the capture.
. "$XS_TOP/t/rig/lib.sh"
NPAGES=4
RA=$XS_TOP/refaudit/refaudit
# xentrace writes straight from the mapped trace buffers, which the 9p share
# refuses (EFAULT): record in dom0's tmpfs, keep copies in /xs/out.
out=/tmp/trace
mkdir -p "$out" /xs/out

# arm DOMID FILE [ARGS...]: start recording in the background (ARM_PID).
arm() {
	local d=$1 f=$2
	shift 2
	"$RA" --arm "$d" --trace "$f" "$@" >"$f.log" 2>&1 &
	ARM_PID=$!
	for _ in $(seq 50); do
		grep -q '^armed' "$f.log" 2>/dev/null && { sleep 1; return 0; }
		sleep 0.2
	done
	return 1
}

disarm() {
	kill -INT "$ARM_PID"
	wait "$ARM_PID"
}

# The stage records of a --history output, as their names in order.
stages() {
	sed -n 's/^  cpu[0-9]* *tsc [0-9]* *\(.*[^ ]\) *pages [0-9]*$/\1/p' "$1"
}

if create_linux_pv tracez 192; then
	d=$DOMID
	ok "Linux PV guest boots to ready (domid $d)"
else
	not_ok "Linux PV guest boots to ready"
	cp "$out"/* /xs/out/ 2>/dev/null
test_done
	exit
fi

if arm "$d" "$out/held.trc" --save "$out/held.snap"; then
	ok "refaudit --arm $d starts recording"
else
	not_ok "refaudit --arm $d starts recording"
	diag "$(cat "$out/held.trc.log")"
fi

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

"$RA" "$d" --history --trace "$out/held.trc" >"$out/history.txt" 2>&1
rc=$?
diag "refaudit --history (exit $rc):" "$(head -n 40 "$out/history.txt")"
if grep -q '^    get .*get_page_from_l1e+0x[0-9a-f]* (.*arch/x86/mm.c:[0-9]*[;)]' "$out/history.txt"; then
	ok "--history names the get from get_page_from_l1e with file:line"
else
	not_ok "--history names the get from get_page_from_l1e with file:line"
fi
n=$(grep -c '^  mfn ' "$out/history.txt")
if [ "$n" -ge "$NPAGES" ]; then
	ok "--history lists the $NPAGES mapped pages as held (saw $n)"
else
	not_ok "--history lists the $NPAGES mapped pages as held (saw $n)"
fi

stages "$out/history.txt" >"$out/stages1.txt"
want="domain_kill
teardown done
event channels done"
if [ "$(head -n 3 "$out/stages1.txt")" = "$want" ] &&
	tail -n 1 "$out/stages1.txt" | grep -q '^dead' &&
	grep -q '^relinquish: done reached' "$out/stages1.txt" &&
	sed -n 's/^relinquish: \(.*\) reached$/\1/p' "$out/stages1.txt" | tr '\n' ' ' |
	grep -q 'paging vcpu_pagetables xen l4 l3 l2 done'; then
	ok "destruction stages appear in order"
else
	not_ok "destruction stages appear in order"
fi
diag "stages:" "$(cat "$out/stages1.txt")"

"$RA" -f "$out/held.snap" "$d" --history >"$out/history-snap.txt" 2>&1
if grep -q 'get_page_from_l1e' "$out/history-snap.txt"; then
	ok "the snapshot written by --arm --save carries the trace"
else
	not_ok "the snapshot written by --arm --save carries the trace"
	diag "$(head -n 20 "$out/history-snap.txt")"
fi

xa=$(command -v xenalyze || ls /usr/lib/xen-*/bin/xenalyze 2>/dev/null | head -n 1)
if [ -n "$xa" ]; then
	if "$xa" --dump-all "$out/held.trc" >"$out/xenalyze.txt" 2>&1 &&
		! grep -q FATAL "$out/xenalyze.txt" &&
		grep -q '10f020(10:f:20)' "$out/xenalyze.txt"; then
		ok "xenalyze --dump-all accepts the capture ($(grep -c '10f02' "$out/xenalyze.txt") xenscope records)"
	else
		not_ok "xenalyze --dump-all accepts the capture"
		diag "$(tail -n 5 "$out/xenalyze.txt")"
	fi
else
	# It is a dependency (xen-utils-4.17, `make deps`), so not finding it fails.
	not_ok "xenalyze --dump-all accepts the capture (no xenalyze: run make deps)"
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
cp "$out"/* /xs/out/ 2>/dev/null
test_done
