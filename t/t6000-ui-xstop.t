#!/usr/bin/env bash
test_description='xstop: views played with --batch on snapshots, bad input'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	test_mksnap refaudit-every-kind.json every.xs &&
	test_mksnap shadows.json sh.xs
'

# screen N FILE: the lines of screen N of a --batch output.
screen() {
	awk -v n="$1" '/^--- / { on = ($3 == n) ; next } on' "$2"
}

test_expect_success 'the domain list, the dying one marked' '
	xstop -f every.xs --batch "" >out &&
	screen 0 out >s0 &&
	grep -q "domains (snapshot)$" s0 &&
	grep -Eq "^> +0  Domain-0 +running +262144" s0 &&
	grep -Eq "^  +5  \(null\) +dying,shutdown +15 +65792 +-$" s0
'

test_expect_success 'j moves the selection, l opens the references' '
	xstop -f every.xs --batch "jl" >out &&
	screen 1 out | grep -Eq "^> +5  \(null\)" &&
	screen 2 out >s2 &&
	grep -q "domain 5: 15 pages: 14 held, 1 with unexplained references$" s2 &&
	grep -q "^ verdict: held by foreign mappings of domain 0" s2 &&
	grep -Eq "^>allocated +5 +1 +1 +1 +0$" s2 &&
	grep -Eq "^ pv_l1 +0 +1 +1 +1 +1$" s2 &&
	grep -Eq "^ injected +5 +1 +1 +0 +0$" s2
'

test_expect_success 'the references view gives refaudit'"'"'s verdict, word for word' '
	test_expect_code 2 refaudit -f every.xs 5 >ra &&
	grep "^verdict: " ra >want &&
	grep -q "unexplained references (injected)" want &&
	xstop -f every.xs --size 24x200 --batch "jl" >out &&
	screen 2 out >s2 &&
	grep "^ verdict: " s2 | sed "s/^ //; s/ *\$//" >got &&
	test_cmp want got &&
	! grep -q "hypervisor bug" s2
'

test_expect_success 'a domain the snapshot has no records of says so' '
	xstop -f every.xs --batch "l" >out &&
	screen 1 out | grep -q "no page records of domain 0 in snapshot every.xs"
'

test_expect_success 's shows shadows by level; q goes back, and quits at the top' '
	xstop -f sh.xs --batch "sqq" >out &&
	screen 1 out >s1 &&
	grep -q "domain 7: 7 shadow pages, 4 L1 entries" s1 &&
	grep -q "l4 1  l3 1  l2 1  l1 2  fl1 1  unknown 1" s1 &&
	grep -Eq "^>0x9000 +l4 +0x2000 +0$" s1 &&
	screen 2 out | grep -q "domains (snapshot)" &&
	tail -n 1 out | grep -qx -- "--- quit (key .q.)"
'

test_expect_success 'a long list scrolls to keep the selection on screen' '
	xstop -f sh.xs --size 6x80 --batch "sjjjjjj" >out &&
	screen 7 out >s6 &&
	grep -Eq "^>0x9008 +l1" s6 &&
	! grep -q "0x9000" s6
'

test_expect_success 'without a terminal and without --batch: exit 3, one line' '
	test_expect_code 3 xstop -f sh.xs </dev/null >out 2>err &&
	test_one_line err && grep -q "needs a terminal" err
'

test_expect_success 'bad input: exit 3 or 4 with one line' '
	test_expect_code 4 xstop -f missing.xs --batch q 2>err && test_one_line err &&
	head -c 100 sh.xs >cut.xs &&
	test_expect_code 4 xstop -f cut.xs --batch q 2>err && test_one_line err &&
	for args in "--size 3x3" "--interval 0" "extra" "--nope"; do
		test_expect_code 3 xstop -f sh.xs --batch q $args 2>err && test_one_line err ||
			{ echo "args: $args"; return 1; }
	done
'

test_done
