# Rig scenario: the read-only tools change nothing in the guest they look
# at.  A PV and a PVH guest are paused (so that nothing but a tool could
# change them), fingerprinted by xs-hash-guest (every page of the physical
# address space and every vCPU's context, read through stock libxenctrl and
# privcmd), and fingerprinted again after each tool: refaudit (summary,
# pages, the trace capture), shadowdump, p2mdump, xstop, and gdb through
# xs-gdbstub reading registers and memory.  Each must leave the guest
# bit-identical and still paused.  A one-byte write through xs-gdbstub
# --allow-writes shows that the fingerprint sees a change.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
HASH=$XS_RIG_BIN/xs-hash-guest
STUB=$XS_TOP/gdbstub/xs-gdbstub

# paused DOMID: the domain is paused (xl list's state has a p).
paused() {
	"$XL" list "$1" 2>/dev/null | awk 'NR == 2 {exit !($5 ~ /p/)}'
}

# unchanged WHAT: test point: the fingerprint equals the first one and the
# domain is still paused; names the pages that differ.
unchanged() {
	"$HASH" "$d" >/tmp/ro.now 2>/tmp/ro.err
	if cmp -s /tmp/ro.0 /tmp/ro.now && paused "$d"; then
		ok "$kind: $1 leaves the guest bit-identical and paused"
	else
		not_ok "$kind: $1 leaves the guest bit-identical and paused"
		paused "$d" || diag "the domain is no longer paused"
		diag "$(diff /tmp/ro.0 /tmp/ro.now | grep '^[<>]' | head -n 6)" "$(cat /tmp/ro.err)"
		cp /tmp/ro.now /tmp/ro.0
	fi
}

gdb_session() {
	timeout 120 gdb -batch -nx -ex 'set architecture i386:x86-64' -ex 'set remotetimeout 30' \
		-ex "target remote | $STUB $* --stdio $d" "${GDB_EX[@]}" -ex detach >/tmp/ro.gdb 2>&1
}

for kind in pv pvh; do
	xsguest_boot "ro-$kind" "$kind" "pagetables=8" 32 || continue
	d=$DOMID
	"$XL" pause "$d"
	"$HASH" "$d" >/tmp/ro.0 2>/tmp/ro.err
	pages=$(grep -c '^gfn .* [0-9a-f]\{16\}$' /tmp/ro.0)
	if [ "${pages:-0}" -ge 8000 ] && paused "$d"; then
		ok "$kind: the paused guest fingerprinted: $pages pages, $(grep -c '^vcpu' /tmp/ro.0) vCPU"
	else
		not_ok "$kind: the paused guest fingerprinted (pages: ${pages:-0})"
		diag "$(head -n 3 /tmp/ro.0)" "$(cat /tmp/ro.err)"
	fi
	unchanged "nothing (a second fingerprint)"

	"$XS_TOP/refaudit/refaudit" "$d" >/dev/null 2>&1
	unchanged "refaudit"
	"$XS_TOP/refaudit/refaudit" --json --pages "$d" >/dev/null 2>&1
	unchanged "refaudit --json --pages"
	timeout 60 "$XS_TOP/refaudit/refaudit" --arm "$d" --trace /tmp/ro.trc >/tmp/ro.arm 2>&1 &
	arm=$!
	for _ in $(seq 50); do grep -q '^armed' /tmp/ro.arm && break; sleep 0.2; done
	sleep 1
	kill -INT "$arm"
	wait "$arm"
	unchanged "refaudit --arm (a trace capture)"
	"$XS_TOP/shadowdump/shadowdump" "$d" >/dev/null 2>&1
	unchanged "shadowdump"
	"$XS_TOP/p2mdump/p2mdump" "$d" >/dev/null 2>&1
	unchanged "p2mdump"
	"$XS_TOP/ui/xstop" --batch 'jjq' >/dev/null 2>&1
	unchanged "xstop --batch"
	GDB_EX=(-ex 'info registers' -ex 'x/64xg $rsp' -ex 'x/32i $rip')
	gdb_session
	if grep -q '^rip' /tmp/ro.gdb; then
		ok "$kind: gdb read registers and memory through xs-gdbstub"
	else
		not_ok "$kind: gdb read registers and memory through xs-gdbstub"
		diag "$(tail -n 5 /tmp/ro.gdb)"
	fi
	unchanged "gdb through xs-gdbstub"

	# The check can fail: one byte written at rip through the stub.
	GDB_EX=(-ex 'set {unsigned char}$rip = ~*(unsigned char *)$rip')
	gdb_session --allow-writes
	"$HASH" "$d" >/tmp/ro.now 2>/dev/null
	changed=$(diff /tmp/ro.0 /tmp/ro.now | grep -c '^>')
	if [ "$changed" -eq 1 ]; then
		ok "$kind: a one-byte write through xs-gdbstub --allow-writes changes exactly one page's fingerprint"
	else
		not_ok "$kind: a one-byte write through --allow-writes changes one fingerprint (got $changed)"
		diag "$(tail -n 5 /tmp/ro.gdb)"
	fi
	# Destroyed as it is, paused: its code has a flipped byte now.
	xsguest_destroy "ro-$kind"
done
test_done
