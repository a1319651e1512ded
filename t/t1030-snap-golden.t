#!/usr/bin/env bash
test_description='a snapshot written once by format version 2 is still read, and matches the doc'
. "$(dirname "$0")/test-lib.sh"

# t/data/golden-v2.xs was written once, by `refaudit --save` of format
# version 2 (from zombie-explained.json), and is never rewritten: a reader
# that stops reading it, or a doc that stops describing it, fails here.
# golden-v2.json is what dumpsnap printed of it then.
GOLDEN=$TEST_DATA/golden-v2.xs

test_expect_success 'the reader reads it as it did when it was written' '
	xs-test-tool dumpsnap "$GOLDEN" >actual &&
	test_cmp "$TEST_DATA/golden-v2.json" actual
'

test_expect_success 'refaudit gives it the same verdict' '
	test_expect_code 1 refaudit -f "$GOLDEN" 5 >out &&
	grep -q "^domain 5 ((null)): dying,shutdown, 2 pages: 2 held, 0 with unexplained references$" out &&
	grep -q "^verdict: held by foreign mappings of process 1234 (qemu-system-i38)$" out
'

test_expect_success 'its sections are those of docs/snapshot-format.md' '
	python3 "$XS_ROOT/t/helper/snapdoc.py" "$XS_ROOT/docs/snapshot-format.md" "$GOLDEN" >layout &&
	cat layout &&
	test "$(grep -c " kind " layout)" = 9
'

test_expect_success 'a snapshot written today matches the doc too' '
	test_mksnap zombie-explained.json z.xs &&
	test_expect_code 1 refaudit -f z.xs --save today.xs 5 >/dev/null &&
	python3 "$XS_ROOT/t/helper/snapdoc.py" "$XS_ROOT/docs/snapshot-format.md" today.xs
'

test_done
