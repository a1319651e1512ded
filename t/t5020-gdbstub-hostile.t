#!/usr/bin/env bash
test_description='xs-gdbstub: hostile input gets error replies, never a crash'
. "$(dirname "$0")/test-lib.sh"

# replies <RAW: the packets the stub sent, one payload a line, after checking
# that the stream holds nothing but acks and packets with a right checksum.
replies() {
	python3 "$XS_ROOT/t/helper/gdbreplies.py"
}

test_expect_success 'build the dump' '
	xs-test-tool mkgdbdump "$TEST_DATA/gdbstub-small.desc" d.xs
'

test_expect_success 'bad checksum is nacked, then the good retry answered' '
	{ printf "\$g#00"; xs-test-tool gdbpkt "?"; } | xs-gdbstub --stdio -f d.xs 7 >raw &&
	printf -- "-+\$T05thread:1;#d7" >expect &&
	test_cmp expect raw
'

# 70000 times "a" (0x61) sums to 0x70 mod 256: a well-formed packet, too big.
test_expect_success 'an over-long packet gets E07 and the session goes on' '
	{ printf "\$"; head -c 300000 /dev/zero | tr "\\0" a; printf "#e0";
	  xs-test-tool gdbpkt "?"; } | xs-gdbstub --stdio -f d.xs 7 >raw &&
	printf "+\$E07#ac+\$T05thread:1;#d7" >expect &&
	test_cmp expect raw
'

test_expect_success 'bad hex and huge lengths in m, M, X, p, H, T' '
	xs-test-tool gdbpkt "mffffffffffffffffff,1" "m0,fffffffffffffffff" "m,4" "M0,2:zz" \
		"X0,ffffffff:" "pzz" "Hg99" "Hx1" "Tffffffff" "vCont;q" "qXfer:features:read:target.xml:zz" |
	xs-gdbstub --stdio -f d.xs 7 >raw &&
	replies <raw >actual &&
	cat >expect <<-\EOT &&
	E16
	E16
	E16
	E1e
	E1e
	E16
	E16
	E16
	E02
	E16
	E16
	EOT
	test_cmp expect actual
'

test_expect_success 'bad arguments to qRcmd, qSearch, qXfer:threads, qThreadExtraInfo, x' '
	xs-test-tool gdbpkt "qRcmd,zz" "qRcmd,6" "qSearch:memory:zz" \
		"qSearch:memory:0;ffffffffffffffff;a" "qSearch:memory:ffffffff81000000;10;" \
		"qXfer:threads:read:x:0,1" "qXfer:threads:read::ffffffffffffffff,ffffffffffffffff" \
		"qThreadExtraInfo,ffffffffffffffff" "x0,fffffff" "xffffffffffffffff,2" |
	xs-gdbstub --stdio -f d.xs 7 >raw &&
	gdb_payloads raw >actual &&
	cat >expect <<-\EOT &&
	E16
	E16
	E16
	E0e
	E16
	E02
	l
	E02
	E07
	E16
	EOT
	test_cmp expect actual
'

# After the noise, "#00" ends whatever packet it left open; the stub must
# still answer "?", and everything it sent must be acks and sound packets.
test_expect_success 'garbage byte streams: sound replies, and the session survives' '
	for seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		{ xs-test-tool gdbnoise $seed 20000; printf "#00"; xs-test-tool gdbpkt "?"; } >noise &&
		xs-gdbstub --stdio -f d.xs 7 <noise >raw 2>err &&
		replies <raw >actual &&
		test "$(tail -n 1 actual)" = "T05thread:1;" ||
		{ echo "seed $seed"; cat err; tail -n 3 actual; return 1; }
	done
'

test_expect_success 'a dump that is not one: one line, exit 4 (target unreadable)' '
	test_expect_code 4 xs-gdbstub --stdio -f /dev/null 7 </dev/null 2>err &&
	test_one_line err &&
	test_expect_code 4 xs-gdbstub --stdio -f d.xs 8 </dev/null 2>err &&
	test_one_line err &&
	grep "no guest dump of domain 8" err
'

test_expect_success 'bad usage exits 3 and says why' '
	test_expect_code 3 xs-gdbstub -f d.xs 2>err &&
	grep -q "^usage: xs-gdbstub " err &&
	test_expect_code 3 xs-gdbstub -f d.xs notanumber 2>err &&
	test_one_line err &&
	grep -q "^xs-gdbstub: bad domain id .notanumber.$" err &&
	test_expect_code 3 xs-gdbstub --max-frames 0 -f d.xs 7 2>err
'

test_done
