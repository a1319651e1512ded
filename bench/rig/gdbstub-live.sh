# Rig benchmark (run by bench/gdbstub-live-run.sh): bytes per second of gdb's
# `dump binary memory` of 1 MiB of a live Linux PV guest's kernel text through
# xs-gdbstub and through gdbsx built from the same Xen source, same guest,
# same run, both with gdb's default settings.  Target: 20x the rate.
. "$XS_TOP/t/rig/lib.sh"
STUB=$XS_TOP/gdbstub/xs-gdbstub
GDBSX=$XS_TOP/build/bench/gdbsx
BASE_STUB=$XS_TOP/build/bench/xs-gdbstub.base
# A 64-bit PV Linux kernel's text starts at __START_KERNEL_map + 16 MiB
# (PV kernels are not relocated).
BASE=${XS_BENCH_BASE:-0xffffffff81000000}
SIZE=${XS_BENCH_SIZE:-0x100000}
GDBSX_SIZE=${XS_BENCH_GDBSX_SIZE:-$SIZE}

if create_linux_pv gdbb 192; then
	ok "PV Linux guest is ready (domid $DOMID)"
else
	not_ok "PV Linux guest is ready"
	test_done
	exit
fi
d=$DOMID
ip link set lo up # gdbsx listens on TCP only; dom0's loopback starts down

# dump_with PORT SIZE [GDB-COMMAND]: seconds for gdb to dump SIZE bytes at
# BASE from :PORT into /tmp/bench.PORT, the dump alone: gdb's start and the
# connection take tens of seconds on the rig's software CPU, whichever the
# server.  The clock is read by gdb's own Python just before and after the
# dump: a `shell` command to read it (as before 2026-12-04) forks and
# execs in dom0, about 0.12 s the faster server's figure carried and the
# slower one's hid.  gdb's status is not looked at: gdbsx hangs up on a
# detach, and gdb -batch then exits 1 after a complete dump.
dump_with() {
	rm -f /tmp/bench.$1
	timeout -k 10 500 gdb -batch -nx -ex 'set architecture i386:x86-64' \
		-ex 'set remotetimeout 60' -ex "target remote 127.0.0.1:$1" \
		-ex 'python import time; xs_t0 = time.monotonic()' \
		-ex "dump binary memory /tmp/bench.$1 $BASE $BASE+$2" \
		-ex 'python print("bench-dump-seconds %.3f" % (time.monotonic() - xs_t0))' \
		-ex "${3:-echo}" -ex detach </dev/null >/tmp/bench.$1.log 2>&1
	[ "$(stat -c %s /tmp/bench.$1 2>/dev/null)" = $(($2)) ] || return 1
	sed -n 's/^bench-dump-seconds //p' /tmp/bench.$1.log | grep . || return 1
}

# stub_dump BINARY PORT: one stub session's dump time of SIZE bytes.
stub_dump() {
	local pid t
	"$1" --once --listen "127.0.0.1:$2" -t xen "$d" 2>>"/tmp/bench.$2.err" &
	pid=$!
	sleep 2
	t=$(dump_with "$2" "$SIZE" 'monitor stats')
	kill "$pid" 2>/dev/null
	wait "$pid"
	echo "$t"
}

# best A B: the smaller of two times, either may be empty (failed).
best() {
	printf '%s\n' "$@" | awk 'NF && (m == "" || $1 < m) {m = $1} END {print m}'
}

# The stub, and the older build when there is one (bench/README.md), two
# rounds each in turn: the software CPU's speed follows the host's load.
t1=$(stub_dump "$STUB" 4567)
[ -x "$BASE_STUB" ] && b1=$(stub_dump "$BASE_STUB" 4569)
t2=$(stub_dump "$STUB" 4567)
[ -x "$BASE_STUB" ] && b2=$(stub_dump "$BASE_STUB" 4569)
t_stub=$(best "$t1" "$t2")
diag "xs-gdbstub: $t1 s, $t2 s${b1:+; baseline: $b1 s, $b2 s}" \
	"the stub's own count (monitor stats) of its last read: $(grep -h '^reads ' /tmp/bench.4567.log)"
if [ -x "$BASE_STUB" ]; then
	t_base=$(best "$b1" "$b2")
	if [ -n "$t_base" ] && cmp -s /tmp/bench.4567 /tmp/bench.4569; then
		awk -v s=$((SIZE)) -v a="$t_base" -v c="$(cat "$BASE_STUB.commit" 2>/dev/null)" 'BEGIN {
			printf "# bench: baseline %.3f s %.0f bytes/s %s\n", a, s / a, c }'
	else
		diag "the baseline stub did not read the same bytes ($t_base)" "$(cat /tmp/bench.4569.err)"
	fi
fi

# gdbsx reads GDBSX_SIZE (default the same range; at a few KB/s it takes
# minutes): rates are compared, the bytes on what both read.
"$GDBSX" -a "$d" 64 4568 >/tmp/bench.gdbsx.err 2>&1 &
gdbsx_pid=$!
sleep 2
t_gdbsx=$(dump_with 4568 "$GDBSX_SIZE")
kill "$gdbsx_pid" 2>/dev/null
wait "$gdbsx_pid"

if [ -n "$t_stub" ] && [ -n "$t_gdbsx" ] && cmp -s -n $((GDBSX_SIZE)) /tmp/bench.4567 /tmp/bench.4568; then
	ok "xs-gdbstub read $((SIZE)) bytes at $BASE, gdbsx $((GDBSX_SIZE)) of them, the same"
	awk -v s=$((SIZE)) -v g=$((GDBSX_SIZE)) -v a="$t_stub" -v b="$t_gdbsx" 'BEGIN {
		printf "# bench: xs-gdbstub %.3f s %.0f bytes/s %d\n", a, s / a, s
		printf "# bench: gdbsx %.3f s %.0f bytes/s %d\n", b, g / b, g
		printf "# bench: ratio %.1f\n", (s / a) / (g / b) }'
else
	not_ok "xs-gdbstub and gdbsx read the same bytes at $BASE"
	diag "stub: $t_stub gdbsx: $t_gdbsx" "$(tail -3 /tmp/bench.4567.log)" \
		"$(tail -3 /tmp/bench.4568.log)" "$(cat /tmp/bench.4567.err /tmp/bench.gdbsx.err)"
fi
"$XL" destroy "$d"
test_done
