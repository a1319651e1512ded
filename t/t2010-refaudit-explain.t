#!/usr/bin/env bash
test_description='refaudit: every holder category, dom0 attribution, JSON schema, graphs'
. "$(dirname "$0")/test-lib.sh"


test_expect_success 'setup' '
	test_mksnap refaudit-every-kind.json every.xs &&
	test_mksnap refaudit-attribution.json attrib.xs &&
	test_mksnap zombie-explained.json explained.xs &&
	test_mksnap clean.json clean.xs
'

test_expect_success 'every holder category has its summary line' '
	test_expect_code 2 refaudit -f every.xs 5 >out &&
	cat out &&
	grep -q "^\* 2 pages held by domain 0 through foreign mappings (1 page table of domain 0; no dom0 process maps privcmd)$" out &&
	grep -q "^\* 1 page grant-mapped by domain 0 (grant ref 12; no dom0 process or backend found)$" out &&
	grep -q "^\* 1 page: 1 unexplained reference — injected by the xenscope fault injector (a test)$" out &&
	grep -q "^\* 1 page mapped by shadow page tables of domain 5 (1 shadow table)$" out &&
	grep -q "^\* 3 pages referenced by the domain.s own page tables (3 tables)$" out &&
	grep -q "^\* 1 page pinned as page tables (MMUEXT_PIN)$" out &&
	grep -q "^\* 1 page left as partially validated page tables$" out &&
	grep -q "^\* 1 page in use as the page-table base (cr3) of vCPU 0$" out &&
	grep -q "^\* 1 page in use as GDT/LDT frames of vCPU 1$" out &&
	grep -q "^\* 1 page used by the hypervisor itself (shared_info)$" out &&
	grep -q "^\* 1 page still allocated to the domain (PGC_allocated)$" out &&
	test "$(grep -c "^    remedy: " out)" = 11
'

test_expect_success 'the summary comes first, most useful first' '
	grep "^\*" out | head -n 3 >top &&
	grep -q "foreign mappings" top && grep -q "grant-mapped" top && grep -q unexplained top
'

test_expect_success '--pages: each reference of each page, with its cause' '
	test_expect_code 2 refaudit -f every.xs --pages 5 >out &&
	for k in allocated pv_l1 pv_l2 pv_l3 pv_l4 p2m_foreign grant pin vcpu_cr3 seg_desc \
		shadow xen injected partial; do
		grep -q "^    $k " out || { echo "no $k"; return 1; }
	done &&
	grep -q "^    pv_l1 .* via 0x3000 slot 1  \[foreign\]$" out &&
	grep -q "^    pv_l2 .*\[pagetable\]$" out &&
	grep -A2 "^mfn 0x100c " out | grep -q "unexplained: general +1, type +0" &&
	! grep -q "^mfn 0x100e" out
'

test_expect_success 'a real leak (no injection) is a hypervisor bug with a report remedy' '
	sed "/\"injected\"/d" "$TEST_DATA/refaudit-every-kind.json" >leak.json &&
	xs-test-tool mksnap leak.json leak.xs &&
	test_expect_code 2 refaudit -f leak.xs 5 >out &&
	grep -q "^\* 1 page: 1 unexplained reference — a hypervisor bug$" out &&
	grep -q "remedy: report to xen-devel with the saved snapshot (refaudit --save dom5.xs 5)" out
'

test_expect_success 'attribution: the only process whose privcmd mappings can hold the pages is certain' '
	test_expect_code 1 refaudit -f attrib.xs 11 >out &&
	cat out &&
	grep -q "^\* 16 pages held by domain 0 through foreign mappings (page tables of process 200 \`/usr/bin/xs-map-foreign 11 16\`)$" out &&
	grep -q "^    certain    process 200 .*: the only process whose /dev/xen/privcmd mappings (16 pages) can hold the 16 held pages$" out &&
	grep -q "^    candidate  process 100 .*fewer than the 16 held$" out &&
	grep -q "^    candidate  process 300 .*device model of domain 7$" out &&
	grep -q "remedy: stop process 200 (kill 200)" out
'

test_expect_success 'attribution: grant refs, the gntdev process, the connected backend' '
	grep -q "^\* 2 pages grant-mapped by domain 0 (grant refs 3, 4; process 400 \`/usr/bin/xs-map-grant 11 3 4\`)$" out &&
	grep -q "^    certain    process 400 " out &&
	grep -q "^    likely     backend vif11.0, xenstore /local/domain/0/backend/vif/11/0 state 4: in state 4 (Connected)" out &&
	grep -q "^    candidate  backend vbd11.51712, .*closed (state 6)" out
'

test_expect_success 'attribution: two processes that could hold the pages are only likely' '
	test_expect_code 1 refaudit -f attrib.xs 12 >out &&
	grep -q "likely one of processes 200, 500)$" out &&
	grep -q "^    likely     process 200 " out && grep -q "^    likely     process 500 " out &&
	grep -q "remedy: stop the one holding the mappings, likely one of processes 200, 500" out
'

test_expect_success 'attribution: a device model named by -xen-domid is certain' '
	test_expect_code 1 refaudit -f attrib.xs 13 >out &&
	grep -q "(p2m of domain 0 for process 600 \`/usr/bin/qemu-system-i386 -xen-domid 13 -nographic\`)$" out &&
	grep -q "^    certain    process 600 .*names domain 13 (-xen-domid 13)$" out &&
	! grep -q "^    likely  " out
'

test_expect_success 'the list: one line per zombie with a verdict' '
	test_expect_code 1 refaudit -f attrib.xs >out &&
	cat >expect <<-\EOF &&
	ID  NAME    DYING FOR  HELD  VERDICT
	11  (null)  -            18  held by foreign mappings of process 200 (xs-map-foreign); grants of process 400 (xs-map-grant)
	12  (null)  -             4  held by foreign mappings of domain 0
	13  (null)  -             3  held by foreign mappings of process 600 (qemu-system-i38)
	EOF
	test_cmp expect out &&
	test_expect_code 2 refaudit -f every.xs >out &&
	grep -q "^ 5 .*unexplained references (injected)" out
'

test_expect_success 'JSON follows the documented schema (explanation, pages, list)' '
	test_expect_code 2 refaudit -f every.xs --json 5 >a.json && schema_ok a.json &&
	test_expect_code 2 refaudit -f every.xs --json --pages 5 >b.json && schema_ok b.json &&
	test_expect_code 1 refaudit -f attrib.xs --json 11 >c.json && schema_ok c.json &&
	test_expect_code 1 refaudit -f attrib.xs --json >d.json && schema_ok d.json &&
	test_expect_code 0 refaudit -f clean.xs --json >e.json && schema_ok e.json &&
	test_expect_code 0 refaudit -f clean.xs --json 3 >f.json && schema_ok f.json &&
	grep -q "\"certainty\": \"certain\"" c.json &&
	grep -q "\"grant_refs\": \[" c.json
'

test_expect_success '... and the checker does reject what breaks it' '
	sed "s/\"certain\"/\"sure\"/" c.json >bad.json &&
	test_must_fail() { ! "$@"; } &&
	test_must_fail schema_ok bad.json >msg &&
	grep -q "certainty" msg &&
	sed "/\"verdict\"/d" c.json >bad2.json && test_must_fail schema_ok bad2.json
'

test_expect_success '--dot: domain, pages, holders, processes' '
	test_expect_code 1 refaudit -f attrib.xs --dot 11 >g.dot &&
	head -n 1 g.dot | grep -q "^digraph refaudit {$" &&
	tail -n 1 g.dot | grep -q "^}$" &&
	grep -q "^  dom \[" g.dot &&
	grep -q "^  dom -> m0;$" g.dot &&
	grep -q "^  m0 -> g0;$" g.dot &&
	grep -q "^  g0 -> p1 \[label=\"certain\"" g.dot &&
	grep -q "label=\"process 200 \\\\\`/usr/bin/xs-map-foreign 11 16\\\\\`\"\|label=\"process 200 \`/usr/bin/xs-map-foreign 11 16\`\"" g.dot &&
	if command -v dot >/dev/null; then dot -Tsvg g.dot >/dev/null; fi
'

test_expect_success '--save from a snapshot gives the same explanation' '
	test_expect_code 1 refaudit -f attrib.xs --save again.xs 11 >one &&
	test_expect_code 1 refaudit -f again.xs 11 >two &&
	test_cmp one two
'
test_done
