#!/usr/bin/env bash
test_description='xstop: views played with --batch on snapshots, bad input'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	test_mksnap refaudit-every-kind.json every.xs &&
	test_mksnap shadows.json sh.xs &&
	test_mksnap logdirty-rounds.json dirty.xs
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

# The log-dirty rounds of t/data/logdirty-rounds.json: domain 3's last
# round dirtied 1003 pages in 1.000000 s, domain 6's 128 in 0.5 s.
test_expect_success 'the dirty column: the last round'"'"'s rate, only where a watch is kept' '
	xstop -f dirty.xs --batch "" >out &&
	screen 0 out >s0 &&
	grep -Eq "^ +ID  NAME +STATE +PAGES +MAX +DYING FOR +DIRTY$" s0 &&
	grep -Eq "^  +3  dirty-pv +blocked +16384 +16384 +1003/s$" s0 &&
	grep -Eq "^  +6  dirty-pvh +running +16384 +16640 +256/s$" s0 &&
	grep -Eq "^  +4  idle-pvh +blocked +8192 +8192$" s0 &&
	grep -Eq "^> +0  Domain-0 +running +131072 +131072$" s0
'

test_expect_success 'd shows one domain'"'"'s rounds, newest first, in the library'"'"'s words' '
	xstop -f dirty.xs --size 24x100 --batch "jd" >out &&
	screen 2 out >s2 &&
	grep -q "log-dirty rounds (snapshot)$" s2 &&
	grep -q "^ domain 3: log-dirty watched by xs-dirty: 5 rounds kept, working set 1012 of 16384 pages$" s2 &&
	grep -Eq "^ ROUND +SECONDS +DIRTY +PAGES/S +MIB/S +WORKING SET +XEN DIRTY$" s2 &&
	grep -Eq "^> +5 +1.00 +1003 +1003 +3.92 +1012 +1003$" s2 &&
	grep -Eq "^  +1 +1.00 +1004 +1003 +3.92 +1004 +1004$" s2 &&
	test "$(grep -Ec "^[ >] +[0-9]+ +[0-9.]+ +[0-9]+ " s2)" = 5 &&
	awk "/ROUND/ {on = 1; next} on && /^[ >] +[0-9]/ {print \$(NF - 6)}" s2 | tr "\n" " " >order &&
	test "$(cat order)" = "5 4 3 2 1 "
'

test_expect_success 'd on the pid-holding watch names it; q goes back to the list' '
	xstop -f dirty.xs --size 24x100 --batch "jjjdq" >out &&
	screen 4 out | grep -q "^ domain 6: log-dirty watched by xs-dirty, pid 4242: 2 rounds kept, working set 300 of 16640 pages$" &&
	screen 5 out | grep -q "domains (snapshot)$"
'

test_expect_success 'd on a domain without rounds says why, in one line' '
	xstop -f dirty.xs --batch "jjd" >out &&
	screen 3 out >s3 &&
	grep -q "^ domain 4: no log-dirty rounds known (no xs-dirty watches it; a migration" s3 &&
	! grep -q ROUND s3
'

test_expect_success 'the rounds survive a dump and a rewrite unchanged' '
	xs-test-tool dumpsnap dirty.xs >d1.json &&
	jq -c ".dirty" d1.json >got &&
	jq -c ".dirty" "$TEST_DATA/logdirty-rounds.json" >want &&
	test_cmp want got
'

test_expect_success 'a damaged rounds section: one line, the view says so' '
	jq ".dirty[0].pages = 10" "$TEST_DATA/logdirty-rounds.json" >bad.json &&
	xs-test-tool mksnap bad.json bad.xs &&
	xstop -f bad.xs --batch "jd" >out 2>err &&
	grep -q "round 1 counts more frames than the 10 the bitmap covers" err &&
	screen 2 out | grep -q "^ domain 3: log-dirty rounds unreadable: Invalid argument$"
'

test_done
