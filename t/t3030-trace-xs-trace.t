#!/usr/bin/env bash
test_description='xs-trace: every class decoded, summaries, filters, JSON, damage, xenalyze'
. "$(dirname "$0")/test-lib.sh"

tr=$XS_BUILD/t/unit/trace
[ -x "$tr" ] || skip_all "build/t/unit/trace not built (run make)"
counts=$TEST_DIR/helper/trace-counts.sh

test_expect_success 'setup: a trace of every class on three CPUs' '
	"$tr" mk <"$TEST_DATA/trace-classes.txt" >c.trc && test -s c.trc
'

test_expect_success 'records come in TSC order across CPUs, with the vCPU that ran' '
	test_expect_code 1 xs-trace c.trc >out 2>err &&
	test $(wc -l <out) -eq 26 &&
	sed -n "2p" out | grep -q "cpu1 d?:v? sched runstate_change dom=0 vcpu=1 old=runnable new=running" &&
	sed -n "3p" out | grep -q "cpu0 d0:v0 pv hypercall op=29 a0=0x5" &&
	grep -q "cpu0 d5:v0 hvm vmexit reason=0x7b rip=0xffffffff81001234 exit=ioio" out &&
	grep -q "cpu2 d?:v? pv hypercall op=29" out
'

test_expect_success 'every standard class and ours is named' '
	xs-trace c.trc >out 2>/dev/null
	grep -q " pv page_fault rip=0xffffffff81000000 addr=0x7f0000001000 error=0x6$" out &&
	grep -q " dom0op dom_add domid=5$" out &&
	grep -q " mem page_grant_map domid=5$" out &&
	grep -q " sched wake dom=5 vcpu=0$" out &&
	grep -q " hw irq_handled irq=9 " out &&
	grep -q " guest guest_0x1 w0=0xdead$" out &&
	grep -q " sched credit2_tickle " out &&
	grep -q " xenscope shadow_create domid=5 level=4 fl1=0 sh_type=7 gmfn=0x1234 smfn=0x5678$" out &&
	grep -q " gen lost_records lost=3 dom=0 vcpu=1 first_tsc=1062$" out &&
	grep -q " hvm vmexit reason=0x400 .* exit=npf$" out
'

test_expect_success '4.17 packed shadow records: the 20-byte fix-up of a 4-level guest' '
	xs-trace c.trc >out 2>/dev/null
	grep -q "d5:v0 shadow fixup gl1e=0x8000000012345067 va=0x7f0000002000 flags=0x20 levels=4$" out &&
	grep -q "d5:v0 shadow not_shadow gl1e=0x12345067 va=0x2000 flags=0x4 levels=2$" out
'

test_expect_success 'an unknown event is printed raw, not fatal' '
	xs-trace c.trc >out 2>/dev/null
	grep -q " other unknown id=0x123001 w0=0x7 w1=0x8$" out
'

test_expect_success 'lost records are reported with where, whatever the filter' '
	test_expect_code 1 xs-trace --filter dom=5 c.trc >out 2>err &&
	test $(wc -l <err) -eq 1 &&
	grep -q "^lost 3 records on cpu1 at 0.000000031 s (tsc 1075, first lost at tsc 1062, 13 cycles before; file offset [0-9]*)$" err &&
	grep -q "lost_records" out
'

test_expect_success '--summary: per domain, classes, events, VMEXITs with time, pages, unknown' '
	xs-trace --summary c.trc >out 2>/dev/null
	grep -q "^trace: [0-9]* bytes, 26 records, .* 3 CPUs, vendor AMD (SVM)$" out &&
	grep -q "^domain 0: 15 events" out &&
	grep -q "^domain 5: 8 events" out &&
	grep -q "^  event pv hypercall 3$" out &&
	grep -q "^  event sched runstate_change 2$" out &&
	grep -q "^  event shadow fixup 1$" out &&
	grep -q "^  vmexit 0x7b ioio 1 " out &&
	grep -q "^unknown: 1 event ids$" out &&
	grep -q "^lost: 3 records in 1 reports$" out
'

test_expect_success '--filter by dom, vcpu, class, event; class!= leaves out' '
	xs-trace --filter dom=0,vcpu=1 c.trc 2>/dev/null | grep -v lost_records >out &&
	test $(wc -l <out) -eq 6 && ! grep -qv " d0:v1 " out &&
	xs-trace --filter class=hvm c.trc 2>/dev/null | grep -vc " hvm " | grep -qx 1 &&
	xs-trace --filter event=fixup c.trc 2>/dev/null | grep -c fixup | grep -qx 1 &&
	xs-trace --filter event=0x81001 c.trc 2>/dev/null | grep -c vmentry | grep -qx 3 &&
	! xs-trace --filter "class!=hvm,class!=pv" c.trc 2>/dev/null | grep -Eq " (hvm|pv) "
'

test_expect_success '--since/--until in seconds' '
	test_expect_code 1 xs-trace --cpu-hz 1e9 --since 0.0000003 --until 0.00000045 c.trc \
		2>/dev/null >out &&
	grep -q "vmentry" out && ! grep -q "runstate" out && ! grep -q "npf" out
'

test_expect_success '--json: one valid object per event' '
	test_expect_code 1 xs-trace --json c.trc 2>/dev/null >out &&
	python3 -c "
import json, sys
evs = [json.loads(l) for l in open(\"out\")]
assert len(evs) == 26, len(evs)
fx = [e for e in evs if e[\"event\"] == \"fixup\"][0]
assert fx[\"dom\"] == 5 and fx[\"va\"] == \"0x7f0000002000\" and fx[\"levels\"] == 4, fx
" &&
	xs-trace --summary --json c.trc 2>/dev/null | python3 -c "import json, sys; json.load(sys.stdin)"
'

test_expect_success 'a pipe reads as the file' '
	xs-trace c.trc >file.out 2>/dev/null
	cat c.trc | xs-trace - >pipe.out 2>/dev/null
	test_cmp file.out pipe.out
'

test_expect_success '--format: xentrace_format definitions' '
	cat >defs <<-\EOF &&
	0x00000000  CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  unknown (0x%(event)016x)
	0x0020100d  CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  hypercall  [ op = 0x%(1)08x ]
	EOF
	test_expect_code 1 xs-trace --format defs c.trc >out 2>/dev/null &&
	grep -qx "CPU0  1010 (+      10)  hypercall  \[ op = 0x0000001d \]" out &&
	grep -qx "CPU1  1025 (+      10)  unknown (0x0000000000802008)" out
'

test_expect_success 'damage: a record cut at the end, garbage between windows' '
	size=$(stat -c %s c.trc) &&
	head -c $((size - 6)) c.trc >cut.trc &&
	test_expect_code 4 xs-trace cut.trc >out 2>err &&
	grep -v "^lost" err >err1 && test $(wc -l <err1) -eq 1 &&
	grep -q "record cut short by the end of the file at offset" err1 &&
	test $(wc -l <out) -eq 25 &&
	{ cat "$TEST_DATA/trace-classes.txt"; echo "raw 0xdeadbeef 0x12345678 7"; echo "cpu 1";
	  echo "rec 0x20100d tsc=2000 0x1d"; } | "$tr" mk >garbage.trc &&
	test_expect_code 4 xs-trace garbage.trc >out 2>err &&
	grep -v "^lost" err >err1 && test $(wc -l <err1) -eq 1 &&
	grep -q "bytes outside any CPU window at offset" err1 &&
	grep -q "cpu1 d0:v1 pv hypercall op=29$" out &&
	head -c 4096 /dev/urandom >noise.trc &&
	{ xs-trace noise.trc >/dev/null 2>err; test $? -le 4; } &&
	test $(grep -vc "^lost" err) -le 2 &&
	: >empty.trc && xs-trace empty.trc >out && test ! -s out
'

# After the CPU change record (12 bytes) and 65537 records of 16, a 40-byte
# record starts 36 bytes before 1 MiB + 64 (the reader's former read size),
# and records lie across every read of a pipe.
test_expect_success 'a record across the reader'"'"'s reads' '
	awk "BEGIN {print \"cpu 0\"; for (i = 0; i < 65537; i++) print \"rec 0x20100d tsc=\" 1000 + i \" 1\"
		print \"rec 0x20100d tsc=70000 1 2 3 4 5 6 7\"
		for (i = 0; i < 100000; i++) print \"rec 0x20100d tsc=\" 80000 + i \" \" i % 7}" |
		"$tr" mk >big.trc &&
	xs-trace --summary big.trc >out 2>err &&
	test ! -s err && grep -q "^trace: [0-9]* bytes, 165538 records" out &&
	cat big.trc | xs-trace --summary - >out 2>err &&
	test ! -s err && grep -q "^trace: [0-9]* bytes, 165538 records" out
'

# A regular file is read through 16 MiB windows of mapping, at 2 MiB
# offsets, then by read() from where the size it had when opened ends: a
# 40 MiB file crosses windows with records across their edges.
test_expect_success 'a file read through its mapping decodes as the same bytes from a pipe' '
	python3 "$XS_ROOT/bench/trace-repeat.py" c.trc w.trc 40 &&
	test $(stat -c %s w.trc) -gt $((32 << 20)) &&
	{ xs-trace w.trc 2>file.err; echo "exit $?"; } | md5sum >file.sum &&
	{ cat w.trc | xs-trace - 2>pipe.err; echo "exit $?"; } | md5sum >pipe.sum &&
	test_cmp pipe.sum file.sum && test_cmp pipe.err file.err &&
	xs-trace --summary w.trc >file.out 2>/dev/null
	cat w.trc | xs-trace --summary - >pipe.out 2>/dev/null
	test_cmp pipe.out file.out &&
	grep -q "^trace: $(stat -c %s w.trc) bytes, [1-9][0-9]* records" file.out
'

test_expect_success 'every truncation of the file is handled' '
	size=$(stat -c %s c.trc) && i=0 &&
	while [ $i -lt $size ]; do
		head -c $i c.trc >t.trc &&
		{ xs-trace --summary t.trc >/dev/null 2>&1; rc=$?; [ $rc -le 4 ]; } || return 1
		i=$((i + 5))
	done
'

test_expect_success 'fuzz: mutated traces decode or fail cleanly' '
	"$XS_BUILD/t/unit/trace-fuzz" c.trc 3000
'

test_expect_success 'log-dirty: every record decodes with its fields and path names' '
	"$tr" mk <"$TEST_DATA/trace-logdirty.txt" >ld.trc &&
	xs-trace --dump ld.trc >out &&
	test $(grep -c " xenscope ld_" out) -eq 13 &&
	grep -q "ld_enable domid=5 flags=0xa dirty_count=0 fault_count=0\$" out &&
	grep -q "ld_mark domid=5 gfn=0x1234 path=2 path_name=shadow_fault flags=0\$" out &&
	grep -q "ld_mark domid=5 gfn=0x1235 path=1 path_name=xen flags=0\$" out &&
	grep -q "ld_mark domid=5 gfn=0x1236 path=5 path_name=shadow_emulate flags=0\$" out &&
	grep -q "ld_mark domid=5 gfn=0x1237 path=2 path_name=shadow_fault flags=0x1\$" out &&
	grep -q "ld_mark domid=6 gfn=0x40201 path=3 path_name=hap_fault flags=0\$" out &&
	grep -q "ld_mark domid=6 gfn=0x40202 path=4 path_name=pml flags=0\$" out &&
	grep -q "ld_clean domid=5 reported=3 cleared=3 flags=0x1 first_pfn=0 end_pfn=8192 dirty_count=3\$" out &&
	grep -q "ld_peek domid=5 reported=0 cleared=0 flags=0x3 " out &&
	grep -q "ld_split domid=6 gfn=0x40200 order=9 p2mt=2\$" out &&
	grep -q "ld_pml_flush domid=6 vcpu=0 entries=17\$" out &&
	grep -q "ld_disable domid=5 flags=0x2 " out
'

test_expect_success 'log-dirty: the summary knows every event (none unknown)' '
	xs-trace --summary ld.trc >out &&
	grep -q "^unknown: 0 event ids\$" out
'

test_expect_success 'memory sharing: nominate, share and unshare decode with their counts' '
	"$tr" mk <"$TEST_DATA/trace-sharing.txt" >shr.trc &&
	xs-trace --dump shr.trc >out &&
	test $(grep -c " xenscope shr_" out) -eq 4 &&
	grep -q "shr_nominate domid=3 rc=0 gfn=0x200 mfn=0x3000 count_before=1 count_after=2 type_before=0 type_after=1\$" out &&
	grep -q "shr_nominate domid=5 rc=-7 gfn=0x300 mfn=0x5000 count_before=3 count_after=3 type_before=0 type_after=0\$" out &&
	grep -q "shr_share domid=5 rc=0 gfn=0x200 mfn=0x3000 count_before=2 count_after=3 type_before=1 type_after=2\$" out &&
	grep -q "shr_unshare domid=3 flags=0x3 gfn=0x200 mfn=0x3000 count_before=2 type_before=1\$" out &&
	xs-trace --summary shr.trc >out &&
	grep -q "^unknown: 0 event ids\$" out
'

test_expect_success 'log-dirty: --json carries the mark fields' '
	xs-trace --json ld.trc >out &&
	grep -q "\"event\":\"ld_mark\",\"id\":\"0x10f034\",\"domid\":5,\"gfn\":\"0x1237\",\"path\":2,\"path_name\":\"shadow_fault\",\"flags\":\"0x1\"" out
'

test_lazy_prereq XENALYZE 'command -v xenalyze'

test_expect_success XENALYZE 'per-domain counts equal xenalyze --summary for the same file' '
	test_expect_code 1 xs-trace --write x.trc \
		--filter "class!=shadow,class!=xenscope,class!=guest,class!=other" c.trc 2>/dev/null &&
	xenalyze --svm-mode --summary x.trc >xa.txt 2>xa.err &&
	xs-trace --summary x.trc >ours.txt 2>/dev/null
	"$counts" xenalyze xa.txt >want &&
	"$counts" xs-trace ours.txt >got &&
	test $(wc -l <want) -eq 3 &&
	test_cmp want got
'

test_expect_success XENALYZE 'a CPU whose stream starts with continue_running: its vCPU counted, as xenalyze does' '
	"$tr" mk <"$TEST_DATA/trace-continue.txt" >k.trc &&
	xenalyze --svm-mode --summary k.trc >xa.txt 2>xa.err &&
	xs-trace --summary k.trc >ours.txt 2>/dev/null
	"$counts" xenalyze xa.txt >want &&
	"$counts" xs-trace ours.txt >got &&
	echo "d0 pv hypercall 3" >three &&
	test_cmp three want &&
	test_cmp want got
'

test_expect_success XENALYZE 'records lost: a blocked vCPU'"'"'s exit dropped, the reported vCPU runs on, as xenalyze takes them' '
	"$tr" mk <"$TEST_DATA/trace-lost.txt" >l.trc &&
	xenalyze --svm-mode --summary l.trc >xa.txt 2>xa.err &&
	"$counts" xenalyze xa.txt >want &&
	printf "%s\\n" "d0 pv hypercall 1" "d5 vmexits 1" "d7 pv hypercall 2" >expect &&
	test_cmp expect want &&
	for how in "" "--since 0.000000001" "--filter class!=guest"; do
		test_expect_code 1 xs-trace --summary $how l.trc >ours.txt 2>/dev/null &&
		"$counts" xs-trace ours.txt >got &&
		test_cmp want got || return 1
	done
'

test_expect_success XENALYZE 'a wake from another CPU between two windows of the woken vCPU'"'"'s CPU' '
	"$tr" mk <"$TEST_DATA/trace-windows.txt" >w.trc &&
	xenalyze --svm-mode --summary w.trc >xa.txt 2>xa.err &&
	"$counts" xenalyze xa.txt >want &&
	printf "%s\\n" "d0 pv hypercall 2" "d5 vmexits 2" >expect &&
	test_cmp expect want &&
	for how in "" "--since 0.000000001" "--filter class!=guest"; do
		xs-trace --summary $how w.trc >ours.txt 2>/dev/null &&
		"$counts" xs-trace ours.txt >got &&
		test_cmp want got || return 1
	done
'

test_done
