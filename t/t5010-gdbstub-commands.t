#!/usr/bin/env bash
test_description='xs-gdbstub: scripted packets over --stdio against a guest dump'
. "$(dirname "$0")/test-lib.sh"

# Send framed packets, print each reply payload on its own line.
exchange() {
	xs-test-tool gdbpkt "$@" | xs-gdbstub --stdio -f d.xs 7 >raw &&
	gdb_payloads raw
}

test_expect_success 'build the dump' '
	xs-test-tool mkgdbdump "$TEST_DATA/gdbstub-small.desc" d.xs
'

test_expect_success 'stop reason, threads, supported features' '
	exchange "?" qfThreadInfo qsThreadInfo qC vCont? qSupported:multiprocess+ >actual &&
	cat >expect <<-\EOT &&
	T05thread:1;
	m1,2
	l
	QC1
	vCont;c;C;s;S;t
	PacketSize=40000;qXfer:features:read+;qXfer:threads:read+;QStartNoAckMode+;vContSupported+;binary-upload+;error-message+
	EOT
	test_cmp expect actual
'

test_expect_success 'registers: g starts with rax, p reads one, Hg switches vCPU' '
	exchange "p0" "p10" "Hg2" "p0" "p10" "p99" >actual &&
	cat >expect <<-\EOT &&
	1111000000000000
	10000081ffffffff
	OK
	3333000000000000
	20000081ffffffff
	E16
	EOT
	test_cmp expect actual &&
	exchange g >g &&
	grep "^1111000000000000" g
'

test_expect_success 'memory through the page tables, unmapped memory, limits' '
	exchange "mffffffff81000010,8" "mffffffff80205008,4" "mdead0000,8" \
		"mffffffff81001ffc,8" "mffffffff81000000,ffffffff" "m0,0" "mzz,4" "m1" >actual &&
	cat >expect <<-\EOT &&
	8877665544332211
	aaaa5555
	E0e
	00000000
	E07
	E16
	E16
	E16
	EOT
	test_cmp expect actual
'

test_expect_success 'm and x up to the packet size; x is binary; non-canonical refused' '
	exchange "mffffffff81000000,20000" "mffffffff81000000,20001" "xffffffff81000010,8" \
		"xffffffff81000000,0" "x0000800000000000,8" "m0000800000000000,8" \
		"mffffffffffffff00,101" >actual &&
	# 128 KiB asked, the 8 KiB mapped there read (a read stops at the first
	# hole); one byte more than a packet holds is refused.
	sed -n 1p actual >m128k &&
	test $(wc -c <m128k) = 16385 &&
	sed -n 2,7p actual | od -An -c | tr -s " " | tr -d "\n" >bin &&
	printf "%s" " E 0 7 \\n b 210 w f U D 3 \" 021 \\n O K \\n E 0 e \\n E 0 e \\n E 1 6 \\n" >expect &&
	test_cmp expect bin
'

test_expect_success 'error-message+: errors carry their reason' '
	exchange qSupported:error-message+ "mdead0000,8" "x0000800000000000,8" "M0,1:00" "Hg9" \
		"mffffffff81000000,20001" >actual &&
	cat >expect <<-\EOT &&
	PacketSize=40000;qXfer:features:read+;qXfer:threads:read+;QStartNoAckMode+;vContSupported+;binary-upload+;error-message+
	E.cannot read 0xdead0000
	E.non-canonical address 0x800000000000
	E.a dump is read-only
	E.no such thread (2 vCPUs)
	E.at most 131072 bytes per packet
	EOT
	test_cmp expect actual
'

test_expect_success 'threads are named for their vCPUs, in XML and qThreadExtraInfo' '
	exchange "qXfer:threads:read::0,fff" >actual &&
	grep -F "<thread id=\"1\">vCPU 0 (running)</thread>" raw &&
	grep -F "<thread id=\"2\">vCPU 1 (running)</thread>" raw &&
	exchange "qThreadExtraInfo,2" "qThreadExtraInfo,3" >actual &&
	sed -n 1p actual | xxd -r -p >info &&
	printf "vCPU 1 (running)" >expect &&
	test_cmp expect info &&
	sed -n 2p actual | grep "^E02$"
'

test_expect_success 'qSearch:memory finds across pages and reports none' '
	exchange "qSearch:memory:ffffffff81000000;2000;hello from" \
		"qSearch:memory:ffffffff81000000;100;hello" \
		"qSearch:memory:ffffffff81001000;2000;zzz" >actual &&
	cat >expect <<-\EOT &&
	1,ffffffff81000100
	0
	E0e
	EOT
	test_cmp expect actual
'

test_expect_success 'a dump is read-only: M, X, G, P refused, c and s stop at once' '
	exchange "Mffffffff81000010,1:00" "Xffffffff81000010,1:a" "G00" "P0=00" c s "vCont;c" >actual &&
	cat >expect <<-\EOT &&
	E1e
	E1e
	E1e
	E1e
	T05thread:1;
	T05thread:1;
	T05thread:1;
	EOT
	test_cmp expect actual
'

test_expect_success 'target.xml describes x86-64 in pieces' '
	exchange "qXfer:features:read:target.xml:0,40" "qXfer:features:read:other.xml:0,40" \
		"qXfer:features:read:target.xml:ffffff,10" >actual &&
	sed -n 1p actual | grep "^m<?xml" &&
	sed -n 2p actual | grep "^E02$" &&
	sed -n 3p actual | grep "^l$"
'

# The whole description from 256-byte pieces: the payloads of the m/l
# replies, in order, up to the first l.
test_expect_success 'target.xml, read whole in pieces, is the x86-64 core and more' '
	for i in $(seq 0 31); do
		echo "qXfer:features:read:target.xml:$(printf %x $((i * 256))),100"
	done >reqs &&
	xs-test-tool gdbpkt $(cat reqs) | xs-gdbstub --stdio -f d.xs 7 >raw &&
	python3 -c "
import re, sys
out = b\"\"
for m in re.finditer(rb\"[$]([ml])([^#]*)#[0-9a-f]{2}\", open(\"raw\", \"rb\").read()):
    out += m.group(2)
    if m.group(1) == b\"l\":
        break
sys.stdout.buffer.write(out)
" >target.xml &&
	python3 -c "
import xml.etree.ElementTree as ET
t = ET.parse(\"target.xml\").getroot()
assert t.findtext(\"architecture\") == \"i386:x86-64\", \"architecture\"
core = [f for f in t.iter(\"feature\") if f.get(\"name\") == \"org.gnu.gdb.i386.core\"][0]
got = [(r.get(\"name\"), int(r.get(\"regnum\")), int(r.get(\"bitsize\")))
       for r in core.iter(\"reg\")][:24]
names = \"rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15 rip eflags cs ss ds es fs gs\"
want = [(n, i, 64 if i < 17 else 32) for i, n in enumerate(names.split())]
assert got == want, got
nums = [int(r.get(\"regnum\")) for r in t.iter(\"reg\")]
assert nums == list(range(len(nums))), nums
print(len(nums), \"registers\")
"
'

# gdb itself lays the registers out from the description: each one read
# from g at gdb's offset must be the value the dump gives the vCPU.
test_expect_success 'gdb finds the dump.s registers in g where target.xml puts them' '
	gdb -batch -nx -ex "set tdesc filename target.xml" -ex "maint print registers" >layout &&
	exchange g >g &&
	reg() {
		awk -v n="$1" "\$1 == n {print \$4, \$5}" layout | {
			read -r off size && cut -c$((off * 2 + 1))-$((off * 2 + size * 2)) g
		}
	} &&
	test "$(reg rax)" = 1111000000000000 &&
	test "$(reg rbx)" = 2222000000000000 &&
	test "$(reg r15)" = 150f000000000000 &&
	test "$(reg rsp)" = f01f0081ffffffff &&
	test "$(reg rip)" = 10000081ffffffff &&
	test "$(reg eflags)" = 46020000 &&
	test "$(reg cs)" = 33e00000 &&
	test "$(reg ss)" = 2be00000
'

test_expect_success 'unknown packets get the empty reply; D ends the session' '
	exchange vMustReplyEmpty qTStatus D "?" >actual &&
	printf "\n\nOK\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'no-ack mode: no more + after the OK' '
	exchange QStartNoAckMode "?" >actual &&
	tr -cd + <raw >acks &&
	printf "+" >expect &&
	test_cmp expect acks
'

test_done
