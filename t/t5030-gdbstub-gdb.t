#!/usr/bin/env bash
test_description='xs-gdbstub: a real gdb in batch mode against a guest dump'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq GDB 'command -v gdb'

run_gdb() {
	timeout 60 gdb -batch -nx -ex 'set architecture i386:x86-64' \
		-ex 'target remote | xs-gdbstub --stdio -f d.xs 7' "$@" 2>&1
}

test_expect_success GDB 'build the dump' '
	xs-test-tool mkgdbdump "$TEST_DATA/gdbstub-small.desc" d.xs
'

test_expect_success GDB 'registers and memory at rip' '
	run_gdb -ex "info registers rip rax rbx r15 cr3" -ex "x/2gx \$rip" \
		-ex "x/s 0xffffffff81000100" -ex "x/gx 0xffffffff80205008" >out &&
	grep -E "^rip +0xffffffff81000010" out &&
	grep -E "^rax +0x1111 " out &&
	grep -E "^r15 +0xf15 " out &&
	grep -E "^cr3 +0x100000 " out &&
	grep "0xffffffff81000010:	0x1122334455667788	0x99aabbccddeeff00" out &&
	grep "\"hello from the guest\"" out &&
	grep "0xffffffff80205008:	0x000000005555aaaa" out
'

test_expect_success GDB 'eflags decoded by name' '
	run_gdb -ex "info registers eflags" >out &&
	grep -E "^eflags +0x246 +\[ PF ZF IF \]" out
'

test_expect_success GDB 'non-canonical addresses are not read' '
	run_gdb -ex "x/gx 0x0000800000000000" -ex "x/gx 0xffff7ffffffff000" -ex "x/gx \$rip" >out &&
	grep "Cannot access memory at address 0x800000000000" out &&
	grep "Cannot access memory at address 0xffff7ffffffff000" out
'

test_expect_success GDB 'one thread per vCPU' '
	run_gdb -ex "info threads" -ex "thread 2" -ex "info registers rip rax" >out &&
	grep -E "^  2 +Thread 2 \(vCPU 1 \(running\)\) +0xffffffff81000020" out &&
	grep -E "^rax +0x3333 " out
'

test_expect_success GDB 'unmapped memory and writes are refused politely' '
	run_gdb -ex "x/gx 0xdead0000" -ex "set {long}0xffffffff81000010 = 5" \
		-ex "x/gx 0xffffffff81000010" >out &&
	grep "Cannot access memory at address 0xdead0000" out &&
	grep "0xffffffff81000010:	0x1122334455667788" out
'

test_done
