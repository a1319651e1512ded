# Rig benchmark (run by bench/gdbstub-live-run.sh): bytes per second of gdb's
# `dump binary memory` of 1 MiB of a live Linux PV guest's kernel text through
# xs-gdbstub and through gdbsx built from the same Xen source, same guest,
# same run, both with gdb's default settings.  Target: 20x.
. "$XS_TOP/t/rig/lib.sh"
STUB=$XS_TOP/gdbstub/xs-gdbstub
GDBSX=$XS_TOP/build/bench/gdbsx
BASE_STUB=$XS_TOP/build/bench/xs-gdbstub.base
# A 64-bit PV Linux kernel's text starts at __START_KERNEL_map + 16 MiB
# (PV kernels are not relocated).
BASE=${XS_BENCH_BASE:-0xffffffff81000000}
SIZE=${XS_BENCH_SIZE:-0x100000}

if create_linux_pv gdbb 192; then
	ok "PV Linux guest is ready (domid $DOMID)"
else
	not_ok "PV Linux guest is ready"
	test_done
	exit
fi
d=$DOMID
ip link set lo up # gdbsx listens on TCP only; dom0's loopback starts down

# dump_with PORT: seconds for gdb to dump SIZE bytes at BASE from :PORT.
dump_with() {
	local t0 t1
	t0=$(now)
	timeout -k 10 400 gdb -batch -nx -ex 'set architecture i386:x86-64' \
		-ex 'set remotetimeout 60' -ex "target remote 127.0.0.1:$1" \
		-ex "dump binary memory /tmp/bench.$1 $BASE $BASE+$SIZE" -ex detach \
		</dev/null >/tmp/bench.$1.log 2>&1 || return 1
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}

# The stub's CPU time too: the rig's software CPU makes wall time depend on
# the host's load.
"$STUB" --once --listen 127.0.0.1:4567 -t xen "$d" 2>/tmp/bench.stub.err &
stub_pid=$!
sleep 2
t_stub=$(dump_with 4567)
wait "$stub_pid"
# An older build to compare with, when one was put there (bench/README.md).
if [ -x "$BASE_STUB" ]; then
	"$BASE_STUB" --once --listen 127.0.0.1:4569 -t xen "$d" 2>/tmp/bench.base.err &
	base_pid=$!
	sleep 2
	t_base=$(dump_with 4569)
	wait "$base_pid"
	if [ -n "$t_base" ] && cmp -s /tmp/bench.4567 /tmp/bench.4569; then
		awk -v s=$((SIZE)) -v a="$t_base" -v c="$(cat "$BASE_STUB.commit" 2>/dev/null)" 'BEGIN {
			printf "# bench: baseline %.3f s %.0f bytes/s %s\n", a, s / a, c }'
	else
		diag "the baseline stub read nothing the same ($t_base)" "$(cat /tmp/bench.base.err)"
	fi
fi
"$GDBSX" -a "$d" 64 4568 >/tmp/bench.gdbsx.err 2>&1 &
gdbsx_pid=$!
sleep 2
t_gdbsx=$(dump_with 4568)
kill "$gdbsx_pid" 2>/dev/null
wait "$gdbsx_pid"

if [ -n "$t_stub" ] && [ -n "$t_gdbsx" ] && [ "$(stat -c %s /tmp/bench.4567)" -eq $((SIZE)) ] &&
	cmp -s /tmp/bench.4567 /tmp/bench.4568; then
	ok "both read the same $((SIZE)) bytes at $BASE"
	awk -v s=$((SIZE)) -v a="$t_stub" -v b="$t_gdbsx" 'BEGIN {
		printf "# bench: xs-gdbstub %.3f s %.0f bytes/s\n", a, s / a
		printf "# bench: gdbsx %.3f s %.0f bytes/s\n", b, s / b
		printf "# bench: ratio %.1f\n", b / a }'
else
	not_ok "both read the same $((SIZE)) bytes at $BASE"
	diag "stub: $t_stub gdbsx: $t_gdbsx" "$(tail -3 /tmp/bench.4567.log)" \
		"$(tail -3 /tmp/bench.4568.log)" "$(cat /tmp/bench.stub.err /tmp/bench.gdbsx.err)"
fi
"$XL" destroy "$d"
test_done
