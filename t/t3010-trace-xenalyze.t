#!/usr/bin/env bash
test_description='a trace with xenscope records is accepted by Debian xenalyze --dump-all'
. "$(dirname "$0")/test-lib.sh"

tr=$XS_BUILD/t/unit/trace
[ -x "$tr" ] || fail_all "build/t/unit/trace not built (run make)"
# xen-utils-4.17 is a dependency (`make deps`): without xenalyze, fail.
xa=$(command -v xenalyze || ls /usr/lib/xen-*/bin/xenalyze 2>/dev/null | head -1)
[ -n "$xa" ] || fail_all "no xenalyze (package xen-utils-4.17: run make deps)"

test_expect_success 'xenalyze --dump-all reads every record and exits 0' '
	"$tr" mk <"$TEST_DATA/trace-history.txt" >t.trc &&
	"$xa" --dump-all t.trc >out 2>&1 &&
	! grep -q "FATAL" out &&
	test $(grep -c "10f02[0-5](10:f:2" out) -eq 19 &&
	grep -q "10f029(10:f:29)" out &&
	grep -q "lost_records count 5" out
'

test_expect_success 'log-dirty records: xenalyze --dump-all reads every one and exits 0' '
	"$tr" mk <"$TEST_DATA/trace-logdirty.txt" >l.trc &&
	"$xa" --dump-all l.trc >out 2>&1 &&
	! grep -q "FATAL" out &&
	test $(grep -c "10f03[0-6](10:f:3[0-6])" out) -eq 13
'

test_expect_success 'memory-sharing records: xenalyze --dump-all reads every one and exits 0' '
	"$tr" mk <"$TEST_DATA/trace-sharing.txt" >s.trc &&
	"$xa" --dump-all s.trc >out 2>&1 &&
	! grep -q "FATAL" out &&
	test $(grep -c "10f04[0-2](10:f:4[0-2])" out) -eq 4
'

test_done
