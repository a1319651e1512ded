#!/usr/bin/env bash
test_description='refaudit: domain list, per-page audit, exit codes, JSON'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq NOXEN '! test -e /dev/xen/privcmd && ! test -e /proc/xen/privcmd'

test_expect_success 'setup' '
	test_mksnap zombie-explained.json explained.xs &&
	test_mksnap zombie-leak.json leak.xs &&
	test_mksnap clean.json clean.xs &&
	test_mksnap nolayout-418.json nolayout-418.xs &&
	test_mksnap nolayout-417.json nolayout-417.xs
'

test_expect_success 'the list shows only dying domains holding pages; exit 1' '
	test_expect_code 1 refaudit -f explained.xs >out &&
	cat >expect <<-\EOF &&
	ID  NAME    DYING FOR  HELD  VERDICT
	 5  (null)  -             2  held by foreign mappings of process 1234 (qemu-system-i38)
	EOF
	test_cmp expect out
'

test_expect_success 'how long dying and struct domain references, when the hypervisor says' '
	sed "s/\"tot_pages\": 2, \"max_pages\": 65792 }/&/; s/\"flags\": \[\"dying\", \"shutdown\"\],/& \"dying_seconds\": 245.5, \"refcnt\": 1,/" \
		"$TEST_DATA/zombie-explained.json" >since.json &&
	grep -q dying_seconds since.json &&
	xs-test-tool mksnap since.json since.xs &&
	test_expect_code 1 refaudit -f since.xs >out &&
	grep -Eq "^ 5  \(null\)  4m05s +2  held by foreign mappings" out &&
	test_expect_code 1 refaudit -f since.xs 5 >out &&
	grep -qx "dying for 4m05s; 1 reference on struct domain" out &&
	test_expect_code 1 refaudit -f since.xs --json 5 >out.json &&
	python3 -c "import json,sys; d=json.load(open(\"out.json\"))[\"domain\"]; assert d[\"dying_seconds\"] == 245.5 and d[\"refcnt\"] == 1, d" &&
	test_expect_code 1 refaudit -f explained.xs --json 5 >out.json &&
	python3 -c "import json,sys; d=json.load(open(\"out.json\"))[\"domain\"]; assert d[\"dying_seconds\"] is None and d[\"refcnt\"] is None, d"
'

test_expect_success 'references to pages the domain does not list are reported, in the library'"'"'s words' '
	sed "s/\"refs\": \[/&\n        { \"mfn\": \"0x99999\", \"kind\": \"p2m_foreign\", \"holder\": 0, \"via\": \"0x7f000\", \"general\": 1 },/" \
		"$TEST_DATA/zombie-explained.json" >orphan.json &&
	grep -q 0x99999 orphan.json &&
	xs-test-tool mksnap orphan.json orphan.xs &&
	test_expect_code 2 refaudit -f orphan.xs 5 >out &&
	grep -qx "\* 1 reference names a page the domain'"'"'s page list lacks" out
'

test_expect_success 'no dying domain: exit 0' '
	test_expect_code 0 refaudit -f clean.xs >out &&
	echo "no dying domain holds pages" >expect && test_cmp expect out
'

test_expect_success 'held and explained: exit 1, summary first, no pages by default' '
	test_expect_code 1 refaudit -f explained.xs 5 >out &&
	grep -q "^domain 5 ((null)): dying,shutdown, 2 pages: 2 held, 0 with unexplained" out &&
	grep -q "^\* 2 pages held by domain 0 through foreign mappings (page tables of process 1234 .*-xen-domid 5" out &&
	! grep -q "^mfn" out
'

test_expect_success '--pages: every held page and its references' '
	test_expect_code 1 refaudit -f explained.xs --pages 5 >out &&
	cat out &&
	grep -q "^mfn 0x1a2b3  gfn 0x100  count=1 | type=writable validated count=0" out &&
	grep -q "^    p2m_foreign  d0     general 1   type 0   via 0x7f000 slot 0" out &&
	grep -q "^mfn 0x1a2b4  gfn 0x101  count=1 | type=writable validated count=1" out &&
	grep -q "^    pv_l1        d0     general 1   type 1   via 0x3000 slot 12" out &&
	! grep -q unexplained: out
'

test_expect_success 'a domain by name' '
	test_expect_code 0 refaudit -f clean.xs idle >out &&
	grep -q "^domain 3 (idle)" out
'

test_expect_success 'unexplained references: exit 2, the difference shown' '
	test_expect_code 2 refaudit -f leak.xs -p 9 >out &&
	cat out &&
	grep -A2 "^mfn 0x2000  gfn -  count=2" out | grep -q "unexplained: general +1, type +0" &&
	grep -q "^domain 9 ((null)): dying, 3 pages: 2 held, 1 with unexplained references" out &&
	grep -q "^\* 1 page: 1 unexplained reference — a hypervisor bug" out
'

test_expect_success 'nothing held: exit 0' '
	test_expect_code 0 refaudit -f clean.xs 3 >out &&
	grep -q "^domain 3 (idle): .*0 pages: 0 held" out &&
	grep -q "^verdict: nothing held" out
'

test_expect_success 'holders summarised' '
	test_expect_code 2 refaudit -f leak.xs 9 >out &&
	grep -q "^\* 2 pages grant-mapped by domain 0 (grant refs 8, 9; " out
'

test_expect_success 'JSON output is valid JSON with the status' '
	test_expect_code 2 refaudit -f leak.xs --json --pages 9 >out.json &&
	xs-test-tool jsoncheck out.json &&
	grep -q "\"status\": 2" out.json &&
	grep -q "\"decoded\": \"count=2 | type=writable validated count=0\"" out.json &&
	grep -q "\"unexplained\": 1," out.json &&
	test_expect_code 1 refaudit -f explained.xs --json >list.json &&
	xs-test-tool jsoncheck list.json &&
	grep -q "\"dying\"" list.json
'

test_expect_success 'a layout the snapshot lacks is refused for Xen 4.18' '
	test_expect_code 4 refaudit -f nolayout-418.xs 4 >out 2>err &&
	test_one_line err &&
	grep -q "no page_info layout for Xen 4.18" err
'

test_expect_success '... and the built-in one used for Xen 4.17' '
	test_expect_code 2 refaudit -f nolayout-417.xs -p 4 >out &&
	grep -q "count=1 | type=none count=0" out
'

test_expect_success 'usage errors: exit 3 with one line' '
	test_expect_code 3 refaudit --bogus 2>err && test_one_line err &&
	test_expect_code 3 refaudit -f explained.xs 1 2 2>err && test_one_line err &&
	test_expect_code 3 refaudit -f explained.xs -t xen 2>err && test_one_line err &&
	test_expect_code 3 refaudit -f 2>err && test_one_line err &&
	test_expect_code 3 refaudit -f explained.xs 42 2>err && test_one_line err &&
	grep -q "no domain .42." err
'

test_expect_success '--help' '
	refaudit --help >out && grep -q "^usage: refaudit" out
'

test_expect_success NOXEN 'without a hypervisor: exit 4 with one line' '
	test_expect_code 4 refaudit 2>err && test_one_line err &&
	grep -q "cannot reach the hypervisor" err
'

test_expect_success 'a snapshot without page records for the domain' '
	test_expect_code 4 refaudit -f explained.xs 7 2>err && test_one_line err &&
	grep -q "holds no reference records of domain 7" err
'
test_done
