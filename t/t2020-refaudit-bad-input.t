#!/usr/bin/env bash
test_description='refaudit: exit codes, missing, truncated and corrupt snapshots'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	test_mksnap refaudit-attribution.json good.xs &&
	test_mksnap clean.json clean.xs
'

# bad NAME: refaudit on NAME exits 4 with exactly one line on stderr.
bad() {
	test_expect_code 4 refaudit -f "$1" 11 >out 2>err && test_one_line err &&
	test_expect_code 4 refaudit -f "$1" >out 2>err && test_one_line err
}

test_expect_success 'exit 0, 1 and 2' '
	test_expect_code 0 refaudit -f clean.xs &&
	test_expect_code 0 refaudit -f clean.xs 3 &&
	test_expect_code 1 refaudit -f good.xs 11 &&
	sed "0,/\"general\": 1/s//\"general\": 0/" "$TEST_DATA/refaudit-attribution.json" >leak.json &&
	xs-test-tool mksnap leak.json leak.xs &&
	test_expect_code 2 refaudit -f leak.xs 11
'

test_expect_success 'exit 3: usage errors, one line each' '
	for args in "--json --dot 11" "--watch" "--timeout 5 11" "--watch --timeout x 11" \
		"--interval 0 --watch 11" "-f good.xs --watch 11" "--pages --nope"; do
		test_expect_code 3 refaudit -f good.xs $args 2>err && test_one_line err ||
			{ echo "args: $args"; return 1; }
	done
'

test_expect_success 'exit 4: a missing file' '
	bad missing.xs && grep -q "cannot open missing.xs" err
'

test_expect_success 'exit 4: an empty file, a directory, a text file' '
	: >empty.xs && bad empty.xs &&
	mkdir dir.xs && bad dir.xs &&
	echo "not a snapshot" >text.xs && bad text.xs
'

test_expect_success 'exit 4: truncated anywhere' '
	size=$(stat -c %s good.xs) &&
	for cut in 16 64 $((size / 2)) $((size - 17)) $((size - 1)); do
		head -c $cut good.xs >cut.xs && bad cut.xs || { echo "cut at $cut"; return 1; }
	done
'

test_expect_success 'exit 4: corrupt bytes' '
	size=$(stat -c %s good.xs) &&
	for off in 100 $((size / 3)) $((size / 2)) $((size - 30)); do
		cp good.xs flip.xs &&
		printf "\\377" | dd of=flip.xs bs=1 seek=$off conv=notrunc 2>/dev/null &&
		if cmp -s good.xs flip.xs; then
			printf "\\001" | dd of=flip.xs bs=1 seek=$off conv=notrunc 2>/dev/null
		fi &&
		bad flip.xs || { echo "flip at $off"; return 1; }
	done
'
test_done
