#!/usr/bin/env bash
test_description='p2mdump: PV p2m audit, lookups, snapshots and bad input (offline)'
. "$(dirname "$0")/test-lib.sh"

# Specs derived from t/data/p2m-guest.spec, with one thing changed each.
spec() {
	local out=$1
	cp "$TEST_DATA/p2m-guest.spec" "$out"
	shift
	[ $# -eq 0 ] || printf '%s\n' "$@" >>"$out"
}

test_expect_success 'a consistent p2m: exit 1 (expected entries), counts by class' '
	spec s.spec &&
	xs-test-tool mkp2msnap s.spec s.snap &&
	test_expect_code 1 p2mdump -f s.snap 5 >out &&
	grep -q "^domain 5: p2m list, 2048 entries" out &&
	grep -Eq "^  consistent +1790 " out &&
	grep -Eq "^  invalid entry +256 " out &&
	grep -Eq "^  identity +2 " out &&
	grep -q "^verdict: consistent but for expected" out &&
	grep -q "pfn 0x700-0x7ff  invalid entry (256 entries)" out
'

test_expect_success 'every entry consistent: exit 0' '
	cp "$TEST_DATA/p2m-guest.spec" c.spec &&
	sed -i "/^invalid\|^entry/d" c.spec &&
	xs-test-tool mkp2msnap c.spec c.snap &&
	test_expect_code 0 p2mdump -f c.snap guest >out &&
	grep -q "^verdict: every entry consistent with the m2p" out
'

test_expect_success 'a planted m2p mismatch: exit 2, the pfn with both sides' '
	spec m.spec "entry 0x123 0x100123 0x124 5" &&
	xs-test-tool mkp2msnap m.spec m.snap &&
	test_expect_code 2 p2mdump -f m.snap 5 >out &&
	grep -Eq "^  m2p mismatch +1 " out &&
	grep -q "pfn 0x123  m2p mismatch  entry 0x100123  m2p 0x124  owner d5" out
'

test_expect_success 'a frame of another domain: foreign when marked, not owned when not' '
	spec f.spec "entry 0x10 0x8000000000200010 - 7" "entry 0x11 0x200011 - 7" &&
	xs-test-tool mkp2msnap f.spec f.snap &&
	test_expect_code 2 p2mdump -f f.snap 5 >out &&
	grep -q "pfn 0x10  foreign frame  entry 0x8000000000200010.*owner d7" out &&
	grep -q "pfn 0x11  not owned  entry 0x200011.*owner d7" out
'

test_expect_success 'two pfns naming one frame: duplicate mfn, with the other pfn' '
	spec d.spec "entry 0x30 0x100031 0x30 5" &&
	xs-test-tool mkp2msnap d.spec d.snap &&
	test_expect_code 2 p2mdump -f d.snap 5 >out &&
	grep -q "pfn 0x31  duplicate mfn  entry 0x100031.*(also pfn 0x30)" out
'

test_expect_success '--json: the same counts and findings as the text' '
	test_expect_code 2 p2mdump --json -f m.snap 5 >out.json &&
	jq -e ".counts[\"m2p mismatch\"] == 1 and .counts[\"invalid entry\"] == 256 and .verdict == 2" out.json &&
	jq -e "[.findings[] | select(.class == \"m2p mismatch\")][0] | .pfn == 291 and .m2p == 292 and .bug" out.json
'

test_expect_success '--entries prints what xen-mfndump dump-p2m prints' '
	p2mdump --entries -f s.snap 5 >out &&
	test $(wc -l <out) -eq 2048 &&
	grep -qx "pfn=0x0 ==> mfn=0x100000" out &&
	grep -qx "pfn=0x5 ==> mfn=0x100005" out &&
	grep -qx "pfn=0x700 ==> mfn=0xffffffffffffffff" out
'

test_expect_success 'gfn lookup: consistent, with the page record' '
	test_expect_code 0 p2mdump -f s.snap gfn 5 0x42 >out &&
	grep -q "^domain 5 gfn 0x42: p2m entry 0x100042, consistent" out &&
	grep -q "m2p: mfn 0x100042 -> pfn 0x42" out &&
	grep -q "hypervisor: mfn 0x100042 owned by d5, gfn 0x42 by Xen.s m2p" out &&
	grep -q "page: allocated count=1" out
'

test_expect_success 'gfn lookup of the planted mismatch: exit 2' '
	test_expect_code 2 p2mdump -f m.snap gfn 5 0x123 >out &&
	grep -q "m2p mismatch" out
'

test_expect_success 'mfn lookup: owner and gfn confirmed by the p2m' '
	test_expect_code 0 p2mdump -f s.snap mfn 0x100042 >out &&
	grep -q "p2m: d5.s p2m\[0x42\] is 0x100042: confirmed" out
'

test_expect_success '--save keeps the p2m: the audit replays the same' '
	test_expect_code 2 p2mdump -f m.snap --save again.snap 5 >first &&
	test_expect_code 2 p2mdump -f again.snap 5 >second &&
	test_cmp first second
'

test_expect_success 'a damaged p2m section: one line, exit 4' '
	xs-test-tool mkp2msnap --damage s.spec bad.snap &&
	test_expect_code 4 p2mdump -f bad.snap 5 >out 2>err &&
	test_one_line err &&
	grep -q "damaged p2m section in the snapshot (size does not match its counts)" err
'

test_expect_success 'a snapshot without a p2m: one line, exit 4' '
	test_mksnap small.json nop2m.snap &&
	test_expect_code 4 p2mdump -f nop2m.snap 2 2>err &&
	test_one_line err &&
	grep -q "holds no p2m of domain 2" err
'

test_expect_success 'unknown domain, bad numbers, bad usage' '
	test_expect_code 3 p2mdump -f s.snap 99 2>err && test_one_line err &&
	grep -q "99" err &&
	test_expect_code 3 p2mdump -f s.snap gfn 5 zz 2>err && test_one_line err &&
	test_expect_code 3 p2mdump 2>err && test_one_line err &&
	test_expect_code 3 p2mdump --retries 5000 5 2>err && test_one_line err &&
	test_expect_code 4 p2mdump -f s.snap gfn 5 0x999999 2>err && test_one_line err
'

test_done
