# Rig scenario: a real gdb attaches through xs-gdbstub to a live PV guest,
# reads its registers and memory, and reads the same from a saved dump.
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
ref_rip=$(xenctx "$d" 0 2>/dev/null | awk '$1 == "rip:" {print $2; exit}')
diag "xenctx rip: $ref_rip"

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
if [ "$rip_dump" = "$rip" ] && [ "$bytes_dump" = "$bytes_live" ]; then
	ok "the dump gives gdb the same rip and code"
else
	not_ok "the dump gives gdb the same rip and code"
	diag "live: $rip $bytes_live" "dump: $rip_dump $bytes_dump" "$dump"
fi
"$XL" destroy "$d"
test_done
