#!/usr/bin/env bash
test_description='xs-trace: records read in place give what records read one by one give'
. "$(dirname "$0")/test-lib.sh"

tr=$XS_BUILD/t/unit/trace
[ -x "$tr" ] || fail_all "build/t/unit/trace not built (run make)"

# The benchmark's mix (bench/trace.sh): dom0 making hypercalls and taking
# page faults on CPU 0, an HVM vCPU exiting and entering on CPU 1.
bench_seed() {
	awk 'BEGIN {
		print "cpu 0"; print "rec 0x21101 tsc=1000 0x00000000"; t = 1010
		for (i = 0; i < 200; i++) {
			print "rec 0x20100d tsc=" t " 0x0010001d 5"; t += 50
			print "rec 0x201104 tsc=" t " q:0xffffffff81000000 q:0x7f0000001000 6"; t += 50
		}
		print "cpu 1"; print "rec 0x21101 tsc=1005 0x00050000"; t = 1015
		for (i = 0; i < 200; i++) {
			print "rec 0x81102 tsc=" t " 0x7b q:0xffffffff81001234"; t += 60
			print "rec 0x81001 tsc=" t; t += 40
		}
	}'
}

test_expect_success 'setup: the fixtures, and 20 MB of the benchmark mix' '
	bench_seed | "$tr" mk >seed.trc &&
	python3 "$TEST_DIR/../bench/trace-repeat.py" seed.trc big.trc 20 &&
	test $(stat -c %s big.trc) -gt 20000000 &&
	"$tr" mk <"$TEST_DATA/trace-classes.txt" >c.trc &&
	"$tr" mk <"$TEST_DATA/trace-history.txt" >h.trc
'

# The reader in file order, one by one and in place (stopping midway now
# and then), from the file and from a pipe (short reads, a buffer's end
# in the middle of records).
test_expect_success 'spans and records: the same records, offsets and counts' '
	for f in c.trc h.trc big.trc; do
		"$tr" records $f >one &&
		"$tr" records --spans $f >spans &&
		cat $f | "$tr" records --spans - >pipe &&
		test_cmp one spans && test_cmp one pipe || return 1
	done &&
	grep -q "^records 952776 (reader 952776), .* garbage 0, cut 0, end 0" one
'

test_expect_success 'spans and records agree on damage: garbage, cut records' '
	{ cat c.trc; head -c 5000 big.trc; printf "\001\002\003"; cat h.trc; head -c 777 big.trc; } >d.trc &&
	"$tr" records d.trc >one &&
	"$tr" records --spans d.trc >spans &&
	test_cmp one spans &&
	! grep -q "garbage 0, cut 0" one
'

# The summary of a whole trace counts most records in place; with a filter
# every record is decoded and counted one by one.  Leaving out a class in
# both ways (a filtered copy, summarised whole; the filter) must give the
# same report but for the first line (the copy is another file).
test_expect_success 'the summary in place equals the summary record by record' '
	for f in c.trc h.trc big.trc; do
		for c in guest dom0op; do
			xs-trace --write w.trc --filter class!=$c $f 2>/dev/null
			xs-trace --summary w.trc 2>/dev/null | sed 1d >fast &&
			xs-trace --summary --filter class!=$c $f 2>/dev/null | sed 1d >slow &&
			test_cmp slow fast &&
			xs-trace --summary --json w.trc 2>/dev/null |
				sed "s/\"bytes\":[0-9]*,\"records\":[0-9]*,//" >fast &&
			xs-trace --summary --json --filter class!=$c $f 2>/dev/null |
				sed "s/\"bytes\":[0-9]*,\"records\":[0-9]*,//" >slow &&
			test_cmp slow fast || return 1
		done
	done &&
	grep -q "\"dom\":5,\"events\":" fast
'

test_expect_success 'the summary in place: every domain, exit and lost record of the fixture' '
	xs-trace --summary c.trc >out 2>/dev/null
	grep -q "^domain 5: " out && grep -q "^  vmexit 0x7b ioio " out &&
	grep -q "^lost: 3 records in 1 reports" out && grep -q "^unknown: 1 event ids" out
'

test_expect_success 'a summary from a pipe is the one from the file' '
	xs-trace --summary big.trc >file.out 2>&1 &&
	cat big.trc | xs-trace --summary - >pipe.out 2>&1 &&
	test_cmp file.out pipe.out &&
	grep -q "^domain 5: 476387 events" file.out &&
	grep -q "^  vmexit 0x7b ioio 237600 " file.out
'

test_done
