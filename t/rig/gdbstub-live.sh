# Rig scenario: a real gdb attaches through xs-gdbstub to a live PV guest,
# reads its registers and memory, and reads the same from a saved dump.
# Xen's own xenctx is the reference for both: its rip, and its "Code" line
# (a foreign read of the guest's memory through libxenctrl).
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
STUB=$XS_TOP/gdbstub/xs-gdbstub

if xsguest_create gdbg pv idle 32; then
	ok "PV xsguest idle is ready (domid $DOMID)"
else
	not_ok "PV xsguest idle is ready"
	test_done
	exit
fi
d=$DOMID

# gdb_read TARGET-ARGS...: rip and 16 bytes at rip.  The software-CPU dom0 can
# take more than gdb's default 2 s to open the hypervisor and pause the guest.
gdb_read() {
	gdb -batch -nx -ex 'set architecture i386:x86-64' -ex 'set remotetimeout 30' \
		-ex "target remote | $STUB $* --stdio $d" \
		-ex 'printf "rip=%#lx\n", $rip' -ex 'x/16xb $rip' -ex 'detach' 2>&1
}

# xenctx is Xen's own reader of a vCPU's registers: the reference.
xenctx "$d" 0 >/tmp/xenctx.out 2>&1
ref_rip=$(awk '$1 == "rip:" {print $2; exit}' /tmp/xenctx.out)
diag "xenctx rip: $ref_rip"
# Its code line: 32 bytes from rip - 21, the one at rip as <xx>; the 11
# bytes from rip on, as "0xNN ..." like gdb's x/xb.
ref_code=$(awk '/^Code \(instr addr/ {getline; print; exit}' /tmp/xenctx.out |
	awk '{for (i = 1; i <= NF; i++) if ($i ~ /^</) {
		for (j = i; j < i + 11 && j <= NF; j++) {
			b = $j; gsub(/[<>]/, "", b); printf "%s0x%s", (j > i ? " " : ""), b }
		print ""; exit }}')
diag "xenctx code at rip: $ref_code"
# gdb_bytes: the first 11 bytes of gdb's x/16xb output on stdin.
gdb_bytes() {
	tr -s ' \t' '\n\n' | grep -E '^0x[0-9a-f]{2}$' | head -n 11 | tr '\n' ' ' | sed 's/ $//'
}

live=$(gdb_read -t xen)
rip=$(echo "$live" | sed -n 's/^rip=//p')
if [ -n "$rip" ] && [ -n "$ref_rip" ] && [ $((rip)) -eq $((0x${ref_rip#0x})) ]; then
	ok "gdb reads rip $rip from the live guest, as xenctx does"
else
	not_ok "gdb reads rip from the live guest, as xenctx does"
	diag "$live"
fi
bytes_live=$(echo "$live" | grep -E '^0x[0-9a-f]+.*:' | cut -d: -f2-)
if [ -n "$bytes_live" ]; then
	ok "gdb reads the code at rip from the live guest"
else
	not_ok "gdb reads the code at rip from the live guest"
	diag "$live"
fi
code_live=$(echo "$bytes_live" | gdb_bytes)
if [ -n "$ref_code" ] && [ "$code_live" = "$ref_code" ]; then
	ok "the code bytes at rip are the ones xenctx reads ($code_live)"
else
	not_ok "the code bytes at rip are the ones xenctx reads"
	diag "gdb:    $code_live" "xenctx: $ref_code" "$(cat /tmp/xenctx.out)"
fi
if "$XL" list "$d" | awk 'NR == 2 {exit ($5 ~ /p/)}'; then
	ok "the guest is left running after gdb detaches"
else
	not_ok "the guest is left running after gdb detaches"
	diag "$("$XL" list "$d")"
fi

check "save a dump of the live guest" "$STUB" -t xen --save-dump /tmp/gdbg.dump "$d"
dump=$(gdb_read -f /tmp/gdbg.dump)
rip_dump=$(echo "$dump" | sed -n 's/^rip=//p')
bytes_dump=$(echo "$dump" | grep -E '^0x[0-9a-f]+.*:' | cut -d: -f2-)
if [ "$rip_dump" = "$rip" ] && [ "$bytes_dump" = "$bytes_live" ] &&
	[ "$(echo "$bytes_dump" | gdb_bytes)" = "$ref_code" ]; then
	ok "the dump gives gdb the same rip and code, xenctx's code"
else
	not_ok "the dump gives gdb the same rip and code, xenctx's code"
	diag "live: $rip $bytes_live" "dump: $rip_dump $bytes_dump" "$dump"
fi
"$XL" destroy "$d"
test_done
