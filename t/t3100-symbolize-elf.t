#!/usr/bin/env bash
test_description='symbolizer: addresses to func+off (file:line) on an ELF compiled here'
. "$(dirname "$0")/test-lib.sh"

sym=$XS_BUILD/t/unit/symbolize
[ -x "$sym" ] || fail_all "build/t/unit/symbolize not built (run make)"
command -v gcc >/dev/null || fail_all "no gcc (run make deps)"

cat >prog.c <<'SRC'
static volatile int sink;

__attribute__((noinline)) void alpha(int x)
{
	sink = x;
	sink += 2 * x;
}

__attribute__((noinline)) int beta(int y)
{
	int r = y * 3;

	alpha(r);
	return r + 1;
}

int main(void)
{
	return beta(4) == 13 ? 0 : 1;
}
SRC

test_expect_success 'a program with DWARF builds' '
	gcc -g -O1 -Wl,--build-id -o prog prog.c &&
	gcc -O1 -Wl,--build-id -o nodwarf prog.c &&
	cp prog stripped && strip stripped
'

# The addresses of alpha/beta and a few bytes into them, and what binutils'
# addr2line (the reference) says about them.
addrs() {
	local f a
	for f in alpha beta main; do
		a=$(nm "$1" | awk -v f="$f" '$3 == f { print $1 }')
		printf '0x%x\n0x%x\n' $((0x$a)) $((0x$a + 4))
	done
}

test_expect_success 'function and offset match the symbol table' '
	addrs prog >in &&
	"$sym" prog <in >out &&
	grep -c "alpha+0x0 " out | grep -qx 1 &&
	grep -q "alpha+0x4 " out &&
	grep -q "beta+0x0 " out &&
	grep -q "main+0x4 " out
'

test_expect_success 'file:line match addr2line for every address' '
	addrs prog >in &&
	"$sym" prog <in | sed -n "s/.*(\(.*\))\$/\1/p" >got &&
	addr2line -e prog <in | sed "s,.*/,," | sed "s/ (discriminator [0-9]*)//" >want &&
	test_cmp want got
'

test_expect_success 'alpha starts on its line in prog.c' '
	addrs prog | head -1 | "$sym" prog >out &&
	grep -q "alpha+0x0 (prog.c:[345])" out
'

cat >inl.h <<'SRC'
static volatile int inl_sink;

static inline __attribute__((always_inline)) void gamma_inl(int v)
{
	inl_sink = v * 7;
	inl_sink += v;
}
SRC
cat >inl.c <<'SRC'
#include "inl.h"

__attribute__((noinline)) void delta(int y)
{
	inl_sink = y;
	gamma_inl(y + 1);
	inl_sink -= 1;
}

int main(void)
{
	delta(2);
	return 0;
}
SRC

test_expect_success 'inlined code: the call site in the function, then the inline' '
	gcc -g -O1 -o inl inl.c &&
	a=$(nm inl | awk "\$3 == \"delta\" { print \$1 }") &&
	for i in $(seq 0 40); do printf "0x%x\n" $((0x$a + i)); done >in &&
	"$sym" inl <in >out &&
	grep -q "delta+0x[0-9a-f]* (inl.c:6; inlined gamma_inl at inl.h:[56])\$" out &&
	grep -q "delta+0x[0-9a-f]* (inl.c:[57])\$" out
'

test_expect_success 'without DWARF: func+off and no file:line' '
	addrs nodwarf | head -1 | "$sym" nodwarf >out &&
	grep -q "alpha+0x0\$" out
'

test_expect_success 'an address outside every function is printed as is' '
	echo 0x10 | "$sym" prog >out &&
	grep -qx "0x10 0x10" out
'

test_expect_success 'matching build id is accepted' '
	id=$(readelf -n prog | sed -n "s/.*Build ID: //p") &&
	test -n "$id" &&
	"$sym" --build-id prog "$id"
'

test_expect_success 'a different build id is refused with a clear message' '
	test_expect_code 1 "$sym" --build-id prog 00112233445566778899aabbccddeeff00112233 2>err &&
	grep -q "symbol file does not match the hypervisor" err &&
	grep -q "00112233445566778899aabbccddeeff00112233" err
'

test_expect_success 'a stripped file is refused' '
	test_expect_code 2 "$sym" stripped </dev/null 2>err &&
	grep -q "no symbol table" err
'

test_expect_success 'a file that is not ELF is refused' '
	echo hello >notelf &&
	test_expect_code 2 "$sym" notelf </dev/null 2>err &&
	grep -q "not an ELF file" err
'

test_done
