#!/usr/bin/env bash
test_description='damaged snapshot files: one error line, non-zero exit, no crash'
. "$(dirname "$0")/test-lib.sh"

# refaudit must refuse FILE with exit 4 and exactly one line on stderr.
refuses() {
	test_expect_code 4 refaudit -f "$1" 5 >out 2>err &&
	test_one_line err &&
	test ! -s out
}

test_expect_success 'setup' '
	test_mksnap small.json small.xs &&
	test_mksnap zombie-explained.json good.xs &&
	test_expect_code 1 refaudit -f good.xs 5 >/dev/null
'

test_expect_success 'a missing file' '
	refuses nosuch.xs && grep -q "cannot open nosuch.xs" err
'

test_expect_success 'an empty file' '
	: >empty.xs && refuses empty.xs && grep -q "not a xenscope snapshot" err
'

test_expect_success 'a text file' '
	echo "hello world, this is not ELF at all" >text.xs &&
	refuses text.xs && grep -q "not a xenscope snapshot (no ELF header)" err
'

test_expect_success 'a directory' '
	mkdir dir.xs && refuses dir.xs
'

test_expect_success 'another kind of ELF file' '
	refuses "$(command -v sh)" && grep -q "not a xenscope snapshot" err
'

test_expect_success 'wrong magic' '
	perl -0777 -pe "s/XENSCOPE/XENSCOPF/" good.xs >magic.xs &&
	! cmp -s good.xs magic.xs &&
	refuses magic.xs && grep -q "not a xenscope snapshot (bad magic)" err
'

test_expect_success 'wrong format version' '
	perl -0777 -pe "s/XENSCOPE\x02\0\0\0/XENSCOPE\x03\0\0\0/" good.xs >version.xs &&
	! cmp -s good.xs version.xs &&
	refuses version.xs &&
	grep -q "snapshot format version 3 is not supported (this build reads version 2)" err
'

test_expect_success 'a flipped byte in the page records' '
	perl -0777 -pe "s/\xb3\xa2\x01\0/\xb3\xa2\x03\0/" good.xs >flip.xs &&
	! cmp -s good.xs flip.xs &&
	refuses flip.xs && grep -q "checksum mismatch" err
'

test_expect_success 'trailing garbage' '
	cp good.xs long.xs && echo junk >>long.xs && refuses long.xs
'

test_expect_success 'truncated at every byte: refaudit refuses each' '
	size=$(stat -c %s small.xs) && cut=0 && bad= &&
	while test $cut -lt $size; do
		head -c $cut small.xs >cut.xs &&
		if ! refuses cut.xs; then bad="$bad $cut"; fi &&
		cut=$((cut + 1))
	done &&
	test -z "$bad" || { echo "accepted or misreported at:$bad"; false; }
'

test_expect_success 'one bit flipped, every 61st bit: refaudit refuses each' '
	size=$(stat -c %s small.xs) && bit=0 && bad= &&
	while test $bit -lt $((size * 8)); do
		perl -e "
			local \$/; open(F, \"<\", \"small.xs\") or die; my \$d = <F>;
			vec(\$d, $bit, 1) ^= 1; print \$d" >flip.xs &&
		if ! refuses flip.xs; then bad="$bad $bit"; fi &&
		bit=$((bit + 61))
	done &&
	test -z "$bad" || { echo "accepted or misreported at bits:$bad"; false; }
'

test_expect_success 'every truncation and every single-bit flip, in process' '
	xs-test-tool snapfuzz small.xs >fuzz &&
	cat fuzz && grep -q " 0 accepted, original read" fuzz
'
test_done
