# Rig benchmark (run by bench/gdbstub-live-run.sh): bytes per second of gdb's
# `dump binary memory` from a live PV guest through xs-gdbstub and through
# gdbsx built from the same Xen source, same guest, same run.  Target: 20x.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
STUB=$XS_TOP/gdbstub/xs-gdbstub
GDBSX=$XS_TOP/build/bench/gdbsx
# The guest's image and what Xen's builder maps after it (start info, page
# tables, stack) start at 0x100000.
BASE=${XS_BENCH_BASE:-0x100000}
SIZE=${XS_BENCH_SIZE:-0x40000}

if xsguest_create gdbb pv idle 32; then
	ok "PV xsguest idle is ready (domid $DOMID)"
else
	not_ok "PV xsguest idle is ready"
	test_done
	exit
fi
d=$DOMID
ip link set lo up # gdbsx listens on TCP only; dom0's loopback starts down

# dump_with PORT: seconds for gdb to dump SIZE bytes at BASE from :PORT.
dump_with() {
	local t0 t1
	t0=$(date +%s.%N)
	gdb -batch -nx -ex 'set architecture i386:x86-64' -ex 'set remotetimeout 60' \
		-ex "target remote 127.0.0.1:$1" \
		-ex "dump binary memory /tmp/bench.$1 $BASE $BASE+$SIZE" -ex detach \
		>/tmp/bench.$1.log 2>&1 || return 1
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}

"$STUB" --once --listen 127.0.0.1:4567 -t xen "$d" 2>/tmp/bench.stub.err &
stub_pid=$!
sleep 2
t_stub=$(dump_with 4567)
wait "$stub_pid"
"$GDBSX" -a "$d" 64 4568 >/tmp/bench.gdbsx.err 2>&1 &
gdbsx_pid=$!
sleep 2
t_gdbsx=$(dump_with 4568)
kill "$gdbsx_pid" 2>/dev/null
wait "$gdbsx_pid"

if [ -n "$t_stub" ] && [ -n "$t_gdbsx" ] && cmp -s /tmp/bench.4567 /tmp/bench.4568; then
	ok "both read the same $((SIZE)) bytes"
	bs=$(echo "$((SIZE)) / $t_stub" | bc -l)
	bg=$(echo "$((SIZE)) / $t_gdbsx" | bc -l)
	diag "$(printf 'xs-gdbstub  %8.3f s  %12.0f bytes/s' "$t_stub" "$bs")"
	diag "$(printf 'gdbsx       %8.3f s  %12.0f bytes/s' "$t_gdbsx" "$bg")"
	diag "$(printf 'ratio       %8.1fx (target 20x)' "$(echo "$bs / $bg" | bc -l)")"
else
	not_ok "both read the same $((SIZE)) bytes"
	diag "stub: $t_stub gdbsx: $t_gdbsx" "$(tail -3 /tmp/bench.4567.log)" \
		"$(tail -3 /tmp/bench.4568.log)" "$(cat /tmp/bench.stub.err /tmp/bench.gdbsx.err)"
fi
"$XL" destroy "$d"
test_done
