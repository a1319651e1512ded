#!/usr/bin/env bash
test_description='shadowdump audit/tables/va: entry verdicts from the shadow walk records'
. "$(dirname "$0")/test-lib.sh"

# t/data/shadow-walk.json: domain 7 has one entry of each expected class,
# domain 8 one of each suspicious class an HVM guest can show (and an
# out-of-sync L1 entry the guest has not changed since the resync), domain 9 is a
# 64-bit PV guest, domain 10 is clean, domain 11 has no shadow records.

test_expect_success 'setup' '
	test_mksnap shadow-walk.json w.xs
'

test_expect_success 'the shadow records round-trip through the snapshot unchanged' '
	xs-test-tool normspec "$TEST_DATA/shadow-walk.json" >expect &&
	xs-test-tool dumpsnap w.xs >actual &&
	test_cmp expect actual
'

test_lazy_prereq READELF 'command -v readelf'
test_expect_success READELF 'readelf sees one .xs.shadow.D section of whole records per domain' '
	readelf -S -W w.xs >sect &&
	for d in 7 8 9 10; do
		size=$(awk -v n=".xs.shadow.$d" "\$0 ~ n\"( |\$)\" { for (i = 1; i <= NF; i++) if (\$i == n) print \$(i + 4) }" sect) &&
		test -n "$size" && test $((0x$size % 48)) -eq 0 && test $((0x$size)) -gt 0 ||
			{ echo "domain $d: size \"$size\""; return 1; }
	done &&
	! grep -q "\.xs\.shadow\.11" sect
'

# The verdict each entry of the fixture was written to have.
test_expect_success 'every expected class is named and counted once (exit 1)' '
	test_expect_code 1 shadowdump -f w.xs audit --json 7 >a7.json &&
	python3 - a7.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	c = d["classes"]
	want = ["lazy", "oos", "ro_pagetable", "ro_p2m", "ro_stale", "ad_pending", "gnp",
	        "mmio", "fl1_splinter", "grant", "not_pagetable"]
	for k in want:
	    assert c[k] == 1, (k, c[k])
	assert c["same"] == 6, c
	assert d["suspicious"] == [] and d["expected"] == len(want), d
	assert d["shadows"] == 7 and d["entries"] == 17, d
	PY
'

test_expect_success 'every suspicious class, each with its full path (exit 2)' '
	test_expect_code 2 shadowdump -f w.xs audit --json 8 >a8.json &&
	python3 - a8.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	got = {(s["class"], s["path"]) for s in d["suspicious"]}
	want = {
	    ("link_gfn", "L4[0x1]"),
	    ("link_type", "L4[0] -> L3[0x1]"),
	    ("pse_l2", "L4[0] -> L3[0] -> L2[0x1]"),
	    ("present_not_guest", "L4[0] -> L3[0] -> L2[0] -> L1[0]"),
	    ("gnp_but_present", "L4[0] -> L3[0] -> L2[0] -> L1[0x1]"),
	    ("bad_magic", "L4[0] -> L3[0] -> L2[0] -> L1[0x2]"),
	    ("flags", "L4[0] -> L3[0] -> L2[0] -> L1[0x3]"),
	    ("bad_mfn", "L4[0] -> L3[0] -> L2[0] -> L1[0x4]"),
	    ("flags", "L4[0] -> L3[0] -> L2[0] -> L1[0x5]"),
	    ("back_not_owned", "L1[0]"),
	    ("flags", "L1[0x7]"),
	}
	assert got == want, (got ^ want)
	mfn = [s for s in d["suspicious"] if s["class"] == "bad_mfn"][0]
	x = lambda k: int(mfn[k], 16)
	assert x("va") == 0x4000 and x("gfn") == 0x23 and x("smfn") == 0xa003, mfn
	assert x("guest") == 0x104067 and x("shadow") == 0x4999067, mfn
	assert "0x4104" in mfn["reason"], mfn
	assert d["rereads"] == 11
	oos = [s for s in d["suspicious"] if s["path"] == "L1[0x7]"][0]
	assert "unchanged since the last resync" in oos["reason"], oos
	PY
'

test_expect_success 'text: the suspicious entry names both entries and the reason' '
	test_expect_code 2 shadowdump -f w.xs audit 8 >out &&
	grep -q "^domain 8 (hvm-suspicious): 6 shadows, 13 entries; 11 suspicious" out &&
	grep -q "^  L4\[0\] -> L3\[0\] -> L2\[0\] -> L1\[0x4\] va 0x4000: l1 shadow 0xa003 of mfn 0x2103 (gfn 0x23) entry 0x4: guest 0x104067 \[P,RW,US,A,D\] shadow 0x4999067 \[P,RW,US,A,D\]: bad_mfn: gfn 0x104 is mfn 0x4104 in the p2m, shadow maps 0x4999$" out
'

test_expect_success 'a 64-bit PV guest: user bit and Xen slots expected, global bit suspicious' '
	test_expect_code 2 shadowdump -f w.xs audit --json 9 >a9.json &&
	python3 - a9.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	c = d["classes"]
	assert c["pv_user"] == 1 and c["xen_slot"] == 1 and c["global_pv"] == 1, c
	assert [s["class"] for s in d["suspicious"]] == ["global_pv"], d
	PY
'

test_expect_success 'a clean domain exits 0' '
	test_expect_code 0 shadowdump -f w.xs audit 10 >out &&
	grep -q "0 suspicious, 0 expected differences" out
'

test_expect_success 'tables: the tree from the vCPU top-level shadow, side by side' '
	shadowdump -f w.xs tables 7 >out &&
	grep -q "^vcpu 0: guest cr3 0x2000000, top-level shadow 0x9000$" out &&
	grep -Eq "^        l1 shadow 0x9003 of mfn 0x2003 \(gfn 0x13\)$" out &&
	grep -Eq "^          \[  2\] guest +0x102067 P,RW,US,A,D +shadow +0x3102065 P,US,A,D +ro_pagetable: target frame 0x3102 is a page table$" out &&
	grep -Eq "^        fl1 shadow 0x9005 of superpage gfn 0x200" out &&
	shadowdump -f w.xs tables --json --vcpu 0 7 >t.json &&
	python3 -c "import json,sys; d=json.load(open(\"t.json\")); n=d[0][\"top\"]; assert n[\"level\"]==\"l4\" and n[\"entries\"][0][\"next\"][\"level\"]==\"l3\", d" &&
	shadowdump -f w.xs tables --vcpu 3 7 >out &&
	grep -q "no vCPU runs on a shadow" out
'

test_expect_success 'va: guest walk and shadow walk, agreeing through an fl1 splinter' '
	test_expect_code 0 shadowdump -f w.xs va 7 0x200000 >out &&
	grep -q "^guest: va 0x200000 -> gfn 0x200 (mfn 0x3200)$" out &&
	grep -q "^shadow: va 0x200000 -> mfn 0x3200$" out &&
	grep -q "^agree$" out
'

test_expect_success 'va: a lazy entry gives no shadow translation (exit 1), a wrong mfn disagrees (exit 2)' '
	test_expect_code 1 shadowdump -f w.xs va 7 0x1000 >out &&
	grep -q "^guest: va 0x1000 -> gfn 0x101 (mfn 0x3101)$" out &&
	grep -q "^shadow: no translation$" out &&
	test_expect_code 2 shadowdump -f w.xs va --json 8 0x4000 >v.json &&
	python3 -c "import json; d=json.load(open(\"v.json\")); assert int(d[\"guest_mfn\"],16)==0x4104 and int(d[\"shadow_mfn\"],16)==0x4999, d"
'

test_expect_success '--save keeps the shadow records: the same audit from the copy' '
	test_expect_code 2 shadowdump -f w.xs --save copy.xs audit 8 >a &&
	test_expect_code 2 shadowdump -f copy.xs audit 8 >b &&
	test_cmp a b
'

test_expect_success 'a domain without shadow records, bad subcommand arguments' '
	test_expect_code 4 shadowdump -f w.xs audit 11 2>err && test_one_line err &&
	grep -q "holds no shadow records of domain 11" err &&
	test_expect_code 3 shadowdump -f w.xs va 7 2>err && test_one_line err &&
	test_expect_code 3 shadowdump -f w.xs va 7 zzz 2>err && test_one_line err &&
	test_expect_code 3 shadowdump -f w.xs --vcpu x tables 7 2>err && test_one_line err
'

test_expect_success 'xstop: t in the shadows view shows the tree, guest and shadow side by side' '
	xstop -f w.xs --size 40x100 --batch "jst" >out &&
	sed -n "/^--- screen 3/,\$p" out >tree &&
	grep -q "domain 8: 6 shadows, 13 entries; " tree &&
	grep -Eq "^ +\[0x4\] +0x104067 +0x4999067 +!bad_mfn$" tree &&
	grep -Eq "^>l4 0xa000 +gmfn 0x2100" tree
'

for c in unknown-kind stray-entry short order no-domain two-domains; do
	test_expect_success "damaged shadow records ($c): one line, exit 4" "
		python3 - \"\$TEST_DATA/shadow-damaged.json\" $c >spec.json <<-\\PY &&
		import json, sys
		d = json.load(open(sys.argv[1]))
		spec = {'info': d['info'], 'domains': d['domains'],
		        'shadow': [{'domid': 7, 'records': d['cases'][sys.argv[2]]}]}
		print(json.dumps(spec))
		PY
		xs-test-tool mksnap spec.json bad.xs &&
		test_expect_code 4 shadowdump -f bad.xs audit 7 >out 2>err &&
		test_one_line err && grep -q 'damaged shadow records' err && ! test -s out
	"
done

test_done
