#!/usr/bin/env bash
test_description='trace: assign_pages, Xen heap shares and grant release records, decoded and in --history'
. "$(dirname "$0")/test-lib.sh"

tr=$XS_BUILD/t/unit/trace
[ -x "$tr" ] || fail_all "build/t/unit/trace not built (run make)"

# refs MFN: the reference lines listed under page MFN of --history's output.
refs() {
	awk -v m="  mfn $1 " 'index($0, m) == 1 {on = 1; next} /^  mfn / {on = 0} on && /^    /' out
}

test_expect_success 'setup: a snapshot of zombie d9 and a trace of it' '
	test_mksnap zombie-leak.json z.snap &&
	sed -e "s/^\(rec 0x10f02[0-1e] tsc=[0-9]* .*\) 5\$/\1 9/" \
		-e "s/^\(rec 0x10f02d tsc=[0-9]* q:0x[0-9a-f]* [0-9]*\) 5 /\1 9 /" \
		-e "s/^\(rec 0x10f02f tsc=[0-9]* 8\) 5 /\1 9 /" \
		"$TEST_DATA/trace-history-holders.txt" | "$tr" mk >t.trc &&
	xs-trace t.trc >dump
'

test_expect_success 'the three records are decoded by name, with their fields' '
	grep -q "xenscope assign domid=9 mfn=0x5000 nr=3 memflags=0$" dump &&
	test $(grep -c "xenscope share domid=" dump) -eq 2 &&
	grep -q "xenscope share domid=9 mfn=0x6000 val=0x8000000000000001 caller=0xffff82d040222222$" dump &&
	test $(grep -c "xenscope grant_release " dump) -eq 3 &&
	grep -q "xenscope grant_release mapper=8 owner=9 mfn=0x5002 ref=9 flags=0x1 handle=4$" dump
'

test_expect_success '--history: the allocation and the share are gets, their puts balance them' '
	test_expect_code 1 refaudit -f z.snap --history 9 --trace t.trc >out &&
	grep -q "grant mappings of its pages released by their dying mapper: 2$" out &&
	refs 0x5000 >r && test $(wc -l <r) -eq 1 &&
	grep -q "^    assign   cpu0  tsc 10 .*assign_pages (allocated)$" r &&
	! grep -q "^  mfn 0x5001 " out &&
	refs 0x5002 >r && test $(wc -l <r) -eq 1 &&
	grep -q "^    get      cpu0  tsc 14 .*0xffff82d040111144$" r &&
	refs 0x6000 >r && test $(wc -l <r) -eq 1 &&
	grep -q "^    type_shr cpu0  tsc 20 .*0xffff82d040222222$" r &&
	! grep -q "^  mfn 0x7000 " out &&
	grep -q "^3 pages; 0 puts and 0 type puts" out
'

test_done
