#!/usr/bin/env bash
test_description='trace files: framing, lost records, reference history'
. "$(dirname "$0")/test-lib.sh"

tr=$XS_BUILD/t/unit/trace
[ -x "$tr" ] || fail_all "build/t/unit/trace not built (run make)"

test_expect_success 'a trace file is made from readable input' '
	"$tr" mk <"$TEST_DATA/trace-history.txt" >t.trc &&
	test -s t.trc
'

test_expect_success 'every record is decoded, CPU windows included' '
	"$tr" dump t.trc >out &&
	grep -q "^cpu0 tsc=100 0x10f020 get d5 mfn=0x1000 val=0x8000000000000003 caller=0xffff82d040335210\$" out &&
	grep -q "^cpu1 tsc=140 0x10f021 put d5 mfn=0x1000 val=0x1 " out &&
	grep -q "shadow_create" out && grep -q "grant_map" out &&
	tail -1 out | grep -qx "records 22, xenscope 21, lost 5"
'

test_expect_success 'stages are named' '
	"$tr" dump t.trc >out &&
	grep -q "stage d5 domain_kill pages=3" out &&
	grep -q "stage d5 relinquish: l4 reached pages=2" out &&
	grep -q "stage d5 dead (all relinquished) pages=1" out
'

test_expect_success 'history: only the foreign mapping get of a held page remains' '
	"$tr" history t.trc 5 >out &&
	cat >want <<-\EOF &&
	mfn 0x1000 caf 0x1
	  get tsc=100 caller=0xffff82d040335210
	early puts 1, stages 6
	EOF
	test_cmp want out
'

test_expect_success 'history of another domain is separate' '
	"$tr" history t.trc 7 >out &&
	grep -q "^mfn 0x3000" out && ! grep -q "0x1000" out
'

test_expect_success 'a put with no get in the trace counts as taken before tracing' '
	printf "cpu 0\nrec 0x10f021 tsc=5 q:0x9000 q:0x8000000000000001 q:0xffff82d040000001 4\n" |
		"$tr" mk >early.trc &&
	"$tr" history early.trc 4 >out &&
	grep -qx "early puts 1, stages 0" out
'

test_expect_success 'a truncated file is an error, not a crash' '
	size=$(stat -c %s t.trc) &&
	head -c $((size - 2)) t.trc >cut.trc &&
	test_expect_code 1 "$tr" dump cut.trc >/dev/null 2>err &&
	grep -q "truncated record" err
'

test_expect_success 'every truncation of the file is handled' '
	size=$(stat -c %s t.trc) && i=0 &&
	while [ $i -lt $size ]; do
		head -c $i t.trc >cut.trc &&
		{ "$tr" dump cut.trc >/dev/null 2>&1; rc=$?; [ $rc -le 1 ]; } || return 1
		i=$((i + 7))
	done
'

test_done
