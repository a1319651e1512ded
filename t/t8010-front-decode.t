#!/usr/bin/env bash
# xenscope decode: Xen's page lines annotated, against hand-worked decodings
. "$(dirname "$0")/test-lib.sh"

# "LINE ANNOTATION" for each annotation, LINE the input line it follows.
annotations() {
	awk '/^    xenscope: / { sub(/^    xenscope: /, ""); print n " " $0; next } { n++ }'
}

test_expect_success 'every page line of the fixture gets the hand-worked annotation' '
	xenscope decode "$TEST_DATA/xen-page-lines.txt" >out &&
	annotations <out >got &&
	grep -v "^#" "$TEST_DATA/xen-page-lines.decoded" >expect &&
	test_cmp expect got
'

test_expect_success 'the input passes through unchanged around the annotations' '
	xenscope decode "$TEST_DATA/xen-page-lines.txt" | grep -v "^    xenscope: " >through &&
	test_cmp "$TEST_DATA/xen-page-lines.txt" through
'

test_expect_success 'standard input, as from xl dmesg; --only keeps just the page lines' '
	xenscope decode --only <"$TEST_DATA/xen-page-lines.txt" >out &&
	! grep -q "General information" out &&
	grep -q "^(XEN) .*Memory pages belonging to domain 7:$" out &&
	test "$(grep -c "^    xenscope: " out)" = 13 &&
	test "$(grep -vc "^    xenscope: " out)" = 15
'

test_expect_success 'counts agree with the decoder of t0021 (xs-test-tool decode)' '
	grep -E "DomPage [0-9a-f]{16}: caf=[0-9a-f]+, taf=[0-9a-f]{16}$" "$TEST_DATA/xen-page-lines.txt" |
		sed "s/.*caf=\([0-9a-f]*\), taf=\([0-9a-f]*\)$/\1 \2/" >words &&
	while read -r caf taf; do
		xs-test-tool decode 0x$caf 0x$taf || return 1
	done <words >want &&
	xenscope decode --only "$TEST_DATA/xen-page-lines.txt" |
		sed -n "s/^    xenscope: d[0-9]* guest page mfn 0x[0-9a-f]*: //p" >have &&
	test_cmp want have
'

test_expect_success 'with a snapshot: each page now, and who holds it' '
	test_mksnap zombie-explained.json explained.xs &&
	cat >lines <<-\EOF &&
	(XEN) Memory pages belonging to domain 5:
	(XEN)     DomPage 000000000001a2b3: caf=00000001, taf=e400000000000000
	(XEN)     DomPage 000000000001a2b4: caf=00000001, taf=e400000000000001
	(XEN)     DomPage 000000000001a2b5: caf=00000001, taf=e400000000000001
	(XEN) Memory pages belonging to domain 9:
	(XEN)     DomPage 0000000000002000: caf=00000002, taf=e400000000000000
	EOF
	xenscope decode -f explained.xs lines >out &&
	sed -n "s/^    xenscope: [^;]*; //p" out >got &&
	cat >expect <<-\EOF &&
	now count=1 | type=writable validated count=0; held by d0 p2m_foreign 1
	now count=1 | type=writable validated count=1; held by d0 pv_l1 1+1t
	now: no longer a page of d5
	now: d9 is gone
	EOF
	test_cmp expect got
'

test_expect_success 'a page with references no holder accounts for: exit 2, and says so' '
	test_mksnap zombie-leak.json leak.xs &&
	printf "Memory pages belonging to domain 9:\n    DomPage 0000000000002000: caf=00000002, taf=e400000000000000\n" >lines &&
	test_expect_code 2 xenscope decode -f leak.xs lines >out &&
	grep -q "; unexplained 1 general, 0 type$" out
'

test_expect_success 'a page whose domain the target cannot audit: exit 4, the line says so' '
	test_mksnap zombie-explained.json explained.xs &&
	printf "Memory pages belonging to domain 7:\n    DomPage 0000000000003000: caf=00000001, taf=0000000000000000\n" >lines &&
	test_expect_code 4 xenscope decode -f explained.xs lines >out 2>err &&
	grep -q "; now: d7 could not be audited$" out &&
	test_one_line err
'

test_expect_success 'an unreadable input: exit 4 and one line; a bad option: exit 3' '
	test_expect_code 4 xenscope decode no-such-file 2>err &&
	test_one_line err &&
	grep -q "^xenscope decode: cannot open no-such-file" err &&
	test_expect_code 3 xenscope decode --no-such 2>err
'

test_done
