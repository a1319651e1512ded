#!/usr/bin/env bash
test_description='shared pages (memory sharing): the rules of Xen sharing code, words, JSON, snapshots'
. "$(dirname "$0")/test-lib.sh"


test_expect_success 'setup' '
	test_mksnap sharing.json s.xs
'

test_expect_success 'a domain whose shared pages keep every rule: explained, each with sharers and handle' '
	test_expect_code 1 refaudit -f s.xs --pages 5 >out &&
	cat out &&
	grep -q "^\* 1 gfn maps pages shared through dom_cow, every one as Xen.s sharing code keeps it$" out &&
	grep -q "^    mfn 0x3000  gfn 0x200  shared by domains 5 (gfn 0x200) and 3 (gfn 0x200), handle 1$" out &&
	! grep -q breaks: out
'

test_expect_success 'a type count the rmap does not explain, and a gfn missing from the rmap' '
	test_expect_code 2 refaudit -f s.xs 3 >out &&
	cat out &&
	grep -q "^verdict: nothing held; 3 gfns shared, 2 breaking a rule of Xen.s sharing code$" out &&
	grep -q "^    mfn 0x3001  gfn 0x201  shared by domains 5 (gfn 0x201) and 3 (gfn 0x201), handle 2$" out &&
	grep -q "breaks: type count 3, but its rmap lists 2 (domain, gfn) pairs" out &&
	grep -q "breaks: the p2m_ram_shared entry at gfn 0x202 is not in the page.s rmap" out &&
	! grep -q "mfn 0x3000" out
'

test_expect_success 'a page of the domain typed shared: the leftover of a failed nomination' '
	test_expect_code 2 refaudit -f s.xs 7 >out &&
	cat out &&
	grep -q "^\* mfn 0x7000: type reference left by a failed nomination (page_make_sharable): type shared with count 1 on a page domain 7 still owns" out &&
	grep -q "1 page typed shared by a failed nomination" out
'

test_expect_success 'the leftover is found with --pages too (pages kept, not summarised)' '
	test_expect_code 2 refaudit -f s.xs --pages 7 >out &&
	grep -q "^\* mfn 0x7000: type reference left by a failed nomination" out
'

test_expect_success '--cow: dom_cow.s pages, an empty rmap flagged' '
	test_expect_code 2 refaudit -f s.xs --cow --pages >out &&
	cat out &&
	grep -q "^\* dom_cow holds 2 shared pages, 1 breaking a rule of Xen.s sharing code$" out &&
	grep -q "^    mfn 0x3003  gfn -  shared by no domain$" out &&
	grep -q "breaks: its rmap is empty" out
'

test_expect_success '--json: shared pages and broken rules by name, in the schema' '
	test_expect_code 2 refaudit -f s.xs --json --pages 3 >j &&
	schema_ok j &&
	python3 -c "import json,sys; d=json.load(open(\"j\")); s=d[\"shared\"]; \
assert s[\"pages\"] == 3 and s[\"broken\"] == 2, s; \
assert [p[\"broken\"] for p in s[\"list\"]] == [[], [\"type_count\"], [\"not_in_rmap\"]]; \
assert s[\"list\"][0][\"sharers\"] == [{\"domid\": 5, \"gfn\": 512}, {\"domid\": 3, \"gfn\": 512}]" &&
	test_expect_code 2 refaudit -f s.xs --json 7 >j7 &&
	schema_ok j7 &&
	python3 -c "import json; assert json.load(open(\"j7\"))[\"shared_leftovers\"] == [0x7000]" &&
	test_expect_code 2 refaudit -f s.xs --json --cow >jc &&
	python3 -c "import json; d=json.load(open(\"jc\")); assert d[\"status\"] == 2 and d[\"shared\"][\"domid\"] == 32755"
'

test_expect_success 'shared-page sections written and read back unchanged' '
	xs-test-tool normspec "$TEST_DATA/sharing.json" >expect &&
	xs-test-tool dumpsnap s.xs >actual &&
	test_cmp expect actual &&
	grep -q "\"domid\": \"cow\"" actual
'

test_expect_success '--save keeps the domain.s shared pages and dom_cow.s' '
	test_expect_code 2 refaudit -f s.xs --save saved.xs 3 >/dev/null &&
	test_expect_code 2 refaudit -f saved.xs 3 >a &&
	test_expect_code 2 refaudit -f s.xs 3 >b &&
	test_cmp b a &&
	test_expect_code 2 refaudit -f saved.xs --cow >c &&
	grep -q "dom_cow holds 2 shared pages" c
'

test_expect_success 'more sharer records than the page counts: one line, exit 4' '
	sed "s/\"sharers\": \[\] }/\"nr_sharers\": 0, \"sharers\": [ { \"domid\": 1, \"gfn\": \"0x1\" } ] }/" \
		"$TEST_DATA/sharing.json" >bad.json &&
	xs-test-tool mksnap bad.json bad.xs &&
	test_expect_code 4 refaudit -f bad.xs --cow >out 2>err &&
	cat err &&
	test "$(wc -l <err)" = 1 &&
	grep -q "sharer 0 out of order" err
'

test_expect_success 'a snapshot without shared-page records: --cow says why, exit 4' '
	test_mksnap clean.json clean.xs &&
	test_expect_code 4 refaudit -f clean.xs --cow 2>err &&
	test "$(wc -l <err)" = 1 &&
	grep -q "no shared-page records" err &&
	test_expect_code 0 refaudit -f clean.xs 3 >out &&
	! grep -q "shared" out
'

test_done
