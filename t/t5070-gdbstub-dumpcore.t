#!/usr/bin/env bash
test_description='xs-gdbstub: xl dump-core ELF files (PV and HVM layouts), read-only'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq GDB 'command -v gdb'
test_lazy_prereq READELF 'command -v readelf'

run_gdb() {
	local core=$1
	shift
	timeout 60 gdb -batch -nx -ex 'set architecture i386:x86-64' \
		-ex "target remote | xs-gdbstub --stdio -f $core 3" "$@" \
		-ex 'info registers rip' 2>&1
}

# t/helper/mkdumpcore.py writes libxc's layout; readelf is the stock check of it.
test_expect_success READELF 'build PV and HVM dump-core files' '
	python3 "$XS_ROOT/t/helper/mkdumpcore.py" pv pv.core &&
	python3 "$XS_ROOT/t/helper/mkdumpcore.py" hvm hvm.core &&
	readelf -S pv.core | grep -q "\.xen_p2m" &&
	readelf -S hvm.core | grep -q "\.xen_pfn" &&
	readelf -S pv.core | grep -q "\.note\.Xen  *NOTE"
'

for k in pv hvm; do
	test_expect_success GDB "$k: registers from .xen_prstatus, memory through the page tables" "
		run_gdb $k.core -ex 'info registers rax rbx rbp rsp r15 eflags cr3' \
			-ex 'x/s 0xffffffff81000100' -ex 'x/gx \$rip' -ex 'info threads' >out &&
		grep -E '^rip +0xffffffff81000010 ' out &&
		grep -E '^rax +0x1111 ' out &&
		grep -E '^rbx +0x2222 ' out &&
		grep -E '^rbp +0xbb ' out &&
		grep -E '^rsp +0xffffffff81000ff0 ' out &&
		grep -E '^r15 +0xf15 ' out &&
		grep -E '^cr3 +0x5000000 ' out &&
		grep -E '^eflags +0x246 +\[ PF ZF IF \]' out &&
		grep '\"hello from a dump-core\"' out &&
		grep '0xffffffff81000010:	0x1122334455667788' out &&
		grep 'Thread 1 (vCPU 0 (running))' out
	"
done

test_expect_success GDB 'a dump-core is read-only' '
	xs-test-tool gdbpkt "Mffffffff81000010,1:00" "c" | xs-gdbstub --stdio -f pv.core 3 >raw &&
	grep -a "E1e" raw &&
	grep -a "T05thread:1;" raw
'

test_expect_success 'a truncated dump-core: one line, exit 4' '
	head -c 9000 pv.core >bad.core &&
	python3 -c "
import sys
d = bytearray(open(\"pv.core\", \"rb\").read())
# point .xen_pages past the end of the file
import struct
shoff = struct.unpack_from(\"<Q\", d, 40)[0]
struct.pack_into(\"<Q\", d, shoff + 4 * 64 + 24, 1 << 40)
open(\"far.core\", \"wb\").write(d)" &&
	test_expect_code 4 xs-gdbstub --stdio -f far.core 3 </dev/null 2>err &&
	test_one_line err &&
	grep "not an xl dump-core file" err &&
	test_expect_code 4 xs-gdbstub --stdio -f bad.core 3 </dev/null 2>err &&
	test_one_line err
'

test_done
