#!/usr/bin/env bash
test_description='xs-gdbstub: gdb with default settings reads big ranges (dump, find, Python)'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq GDB 'command -v gdb'

# 64 MiB at BASE (frames 0x10000 up), a string in the page after: t/data/gdbstub-big.desc.
BASE=0xffffc90000000000

test_expect_success GDB 'build the 64 MiB dump and what it holds' '
	xs-test-tool mkgdbdump "$TEST_DATA/gdbstub-big.desc" big.xs &&
	xs-test-tool gdbfill 0x10000 16384 >expect.bin &&
	test $(wc -c <expect.bin) = 67108864
'

# A Unix socket: --stdio works too but gdb reads a pipe a byte per system call.
test_expect_success GDB 'dump binary memory, find and read_memory(addr, 65536)' '
	: >stub.err &&
	xs-gdbstub --once --unix "$PWD/s.sock" -f big.xs 7 2>stub.err &
	for i in $(seq 300); do grep -q listening stub.err && break; sleep 0.1; done &&
	timeout 300 gdb -batch -nx -ex "set architecture i386:x86-64" \
		-ex "target remote $PWD/s.sock" \
		-ex "dump binary memory out.bin $BASE $BASE+0x4000000" \
		-ex "find $BASE, +0x4001000, \"needle in the haystack\"" \
		-ex "python open(\"py.bin\", \"wb\").write(gdb.selected_inferior().read_memory($BASE + 0x1234, 65536).tobytes())" \
		-ex "info registers rip" >out 2>&1 &&
	cmp out.bin expect.bin &&
	grep -E "^0xffffc90004000200$" out &&
	grep "1 pattern found" out &&
	tail -c +$((0x1234 + 1)) expect.bin | head -c 65536 >want.py &&
	cmp py.bin want.py
'

test_done
