#!/usr/bin/env bash
test_description='xs-gdbstub: monitor commands through a real gdb, on a guest dump'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq GDB 'command -v gdb'

run_gdb() {
	timeout 60 gdb -batch -nx -ex 'set architecture i386:x86-64' \
		-ex 'target remote | xs-gdbstub --stdio -f d.xs 7' "$@" \
		-ex 'info registers rip' 2>&1
}

test_expect_success GDB 'build the dump' '
	xs-test-tool mkgdbdump "$TEST_DATA/gdbstub-small.desc" d.xs
'

test_expect_success GDB 'monitor help lists every command' '
	run_gdb -ex "monitor help" >out &&
	for c in help "phys on|off" "vcpu N" "v2p ADDR" "p2m GFN" "refs MFN" "pause, unpause" stats; do
		grep -F "  $c " out || return 1
	done
'

# gdb reads at rip when it connects, then the 16 bytes of x/2gx.
test_expect_success GDB 'monitor stats counts the reads and their bytes' '
	run_gdb -ex "monitor stats" -ex "x/2gx 0xffffffff81000010" -ex "monitor stats" >out &&
	grep -E "^reads [0-9]+, bytes [0-9]+, in the target [0-9.]+ s \(frames of the data [0-9.]+ s, registers and page tables [0-9.]+ s\)$" out >stats &&
	test $(wc -l <stats) = 2 &&
	awk -F"[ ,]+" "NR == 1 {r = \$2; b = \$4} NR == 2 {exit !(\$2 > r && \$4 - b >= 16)}" stats
'

# The description (t/data/gdbstub-small.desc) is the independent side:
# 0xffffffff81000000 -> frame 0x2000, the 2 MiB page at 0xffffffff80200000 -> 0x3000.
test_expect_success GDB 'v2p follows the page tables, 4 KiB and 2 MiB pages' '
	run_gdb -ex "monitor v2p 0xffffffff81000010" -ex "monitor v2p 0xffffffff80205008" \
		-ex "monitor v2p 0xdead0000" -ex "monitor v2p 0x0000800000000000" >out &&
	grep "^0xffffffff81000010 -> mfn 0x2000 offset 0x10 (physical 0x2000010) via vCPU 0$" out &&
	grep "^0xffffffff80205008 -> mfn 0x3005 offset 0x8 (physical 0x3005008)" out &&
	grep "^0xdead0000: not mapped" out &&
	grep "^0x800000000000: not mapped" out &&
	grep "has no page records of domain 7" out
'

test_expect_success GDB 'phys on: gdb reads frames directly; off: virtual again' '
	run_gdb -ex "monitor phys on" -ex "x/gx 0x2000010" -ex "x/s 0x2000100" \
		-ex "monitor phys off" -ex "x/gx 0x2000010" >out &&
	grep "^memory addresses are physical$" out &&
	grep "^0x2000010:	0x1122334455667788$" out &&
	grep "\"hello from the guest\"" out &&
	grep "^memory addresses are virtual$" out &&
	grep "Cannot access memory at address 0x2000010" out
'

test_expect_success GDB 'vcpu N shows state and control registers; bad N, unknown commands' '
	run_gdb -ex "monitor vcpu 1" -ex "monitor vcpu 9" -ex "monitor bogus" \
		-ex "monitor pause" -ex "monitor p2m 0x2000" -ex "monitor refs zz" >out &&
	grep "^vCPU 1 (running), thread 2$" out &&
	grep "rip 0xffffffff81000020 rsp 0xffffffff81001f00" out &&
	grep "cr3 0x100000" out &&
	grep "paging: 4-level, 64-bit" out &&
	grep "^usage: monitor vcpu N (0..1)$" out &&
	grep "^unknown monitor command .bogus.; try monitor help$" out &&
	grep "^a dump is always stopped$" out &&
	grep "^usage: monitor refs MFN$" out
'

test_done
