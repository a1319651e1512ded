#!/usr/bin/env bash
test_description='refaudit --history from a trace file and from a snapshot'
. "$(dirname "$0")/test-lib.sh"

tr=$XS_BUILD/t/unit/trace
[ -x "$tr" ] || fail_all "build/t/unit/trace not built (run make)"

test_expect_success 'setup: a snapshot of zombie d9 and a trace of it' '
	test_mksnap zombie-leak.json z.snap &&
	sed -e "s/ 5\$/ 9/" -e "s/^\(rec 0x10f024 tsc=[0-9]*\) 5 /\1 9 /" \
		-e "s/^\(rec 0x10f027 tsc=[0-9]*\) 0 5 /\1 0 9 /" \
		"$TEST_DATA/trace-history.txt" | "$tr" mk >t.trc
'

test_expect_success '--history shows the unbalanced get and the stages in order' '
	test_expect_code 1 refaudit -f z.snap --history 9 --trace t.trc >out &&
	grep -q "reference records of this domain, 5 lost" out &&
	grep -A2 "held pages with unbalanced gets" out | grep -q "mfn 0x1000" &&
	grep -q "get      cpu0  tsc 100 .*0xffff82d040335210" out &&
	test $(grep -c "^    get " out) -eq 1 &&
	grep -q "^    get .*\[foreign map by d0\]" out &&
	grep "^  cpu" out | sed "s/.*tsc \([0-9]*\).*/\1/" >tsc &&
	sort -n tsc | test_cmp - tsc &&
	grep -q "domain_kill" out && grep -q "relinquish: done reached" out
'

test_expect_success 'without a trace, a snapshot with none is a clear error' '
	test_expect_code 4 refaudit -f z.snap --history 9 2>err &&
	grep -q "no trace of domain 9" err
'

test_expect_success '--arm on a snapshot cannot record' '
	test_expect_code 3 refaudit -f z.snap --arm 9 --trace x.trc >out 2>err &&
	test_one_line err &&
	grep -q "^refaudit: --arm needs the live hypervisor: a snapshot cannot record$" err &&
	! test -s out && ! test -e x.trc
'

test_expect_success '--arm without --trace is a usage error' '
	test_expect_code 3 refaudit -f z.snap --arm 9 2>err &&
	test_one_line err &&
	grep -q "^refaudit: --arm needs --trace FILE to record into$" err
'

test_done
