#!/usr/bin/env bash
test_description='shadowdump: shadows by level from the audit records, list, JSON, bad input'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	test_mksnap shadows.json sh.xs
'

test_expect_success 'summary counts the shadows of each level' '
	shadowdump -f sh.xs 7 >out &&
	cat out &&
	grep -q "^domain 7 (hvm-shadowed): 7 shadow pages; 4 entries of L1 shadows map its pages$" out &&
	grep -Eq "^  l4 +1$" out && grep -Eq "^  l3 +1$" out && grep -Eq "^  l2 +1$" out &&
	grep -Eq "^  l1 +2$" out && grep -Eq "^  fl1 +1  " out && grep -Eq "^  \? +1  " out
'

test_expect_success 'another domain'\''s shadow mapping the page is not counted' '
	shadowdump -f sh.xs --list 7 >out &&
	! grep -q 0x7777 out
'

test_expect_success '--list: one row per shadow page, back pointer and gfn joined' '
	shadowdump -f sh.xs --list hvm-shadowed >out &&
	grep -Eq "^0x9000 +l4 +0x2000 +0x10 +0$" out &&
	grep -Eq "^0x9003 +l1 +0x2003 +0x13 +2$" out &&
	grep -Eq "^0x9005 +fl1 +- +- +2$" out &&
	grep -Eq "^0x9007 +unknown +0x2007 +0x17 +0$" out
'

test_expect_success '--json' '
	shadowdump -f sh.xs --json --list 7 >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["by_level"] == {"l1": 2, "l2": 1, "l3": 1, "l4": 1, "fl1": 1, "unknown": 1}, d
	assert d["shadow_pages"] == 7 and d["l1_entries"] == 4
	fl1 = [s for s in d["shadows"] if s["level"] == "fl1"][0]
	assert fl1["gmfn"] is None and fl1["entries"] == 2
	PY
'

test_expect_success 'exit 1 for a domain without shadows' '
	test_expect_code 1 shadowdump -f sh.xs 9 >out &&
	grep -q "0 shadow pages" out
'

test_expect_success '--save writes a snapshot that gives the same answer' '
	shadowdump -f sh.xs --save copy.xs --list 7 >a &&
	shadowdump -f copy.xs --list 7 >b &&
	test_cmp a b
'

test_expect_success 'usage errors exit 3 with one line' '
	for args in "" "7 9" "--nope 7" "-f"; do
		test_expect_code 3 shadowdump $args 2>err && test_one_line err ||
			{ echo "args: $args"; return 1; }
	done &&
	test_expect_code 3 shadowdump -f sh.xs 42 2>err && test_one_line err &&
	grep -q "no domain .42." err
'

test_expect_success 'missing and truncated snapshots exit 4 with one line' '
	test_expect_code 4 shadowdump -f missing.xs 7 2>err && test_one_line err &&
	size=$(wc -c <sh.xs) &&
	for n in 0 64 $((size / 2)) $((size - 1)); do
		head -c $n sh.xs >cut.xs &&
		test_expect_code 4 shadowdump -f cut.xs 7 >/dev/null 2>err && test_one_line err ||
			{ echo "cut at $n"; return 1; }
	done
'

test_done
