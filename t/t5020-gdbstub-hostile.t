#!/usr/bin/env bash
test_description='xs-gdbstub: hostile input gets error replies, never a crash'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'build the dump' '
	xs-test-tool mkgdbdump "$TEST_DATA/gdbstub-small.desc" d.xs
'

test_expect_success 'bad checksum is nacked, then the good retry answered' '
	{ printf "\$g#00"; xs-test-tool gdbpkt "?"; } | xs-gdbstub --stdio -f d.xs 7 >raw &&
	head -c 2 raw >first &&
	printf -- "-+" >expect &&
	test_cmp expect first &&
	grep -a "T05thread" raw
'

test_expect_success 'an over-long packet gets E07 and the session goes on' '
	{ printf "\$"; head -c 10000 /dev/zero | tr "\\0" a; printf "#00";
	  xs-test-tool gdbpkt "?"; } | xs-gdbstub --stdio -f d.xs 7 >raw &&
	grep -a "T05thread" raw
'

test_expect_success 'bad hex and huge lengths in m, M, X, p, H, T' '
	xs-test-tool gdbpkt "mffffffffffffffffff,1" "m0,fffffffffffffffff" "m,4" "M0,2:zz" \
		"X0,ffffffff:" "pzz" "Hg99" "Hx1" "Tffffffff" "vCont;q" "qXfer:features:read:target.xml:zz" |
	xs-gdbstub --stdio -f d.xs 7 >raw &&
	grep -ao "\\\$[^#]*" raw | cut -c2- >actual &&
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

test_expect_success 'garbage byte streams: clean exit every time' '
	for seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		xs-test-tool gdbnoise $seed 20000 >noise &&
		xs-gdbstub --stdio -f d.xs 7 <noise >/dev/null 2>err ||
		{ echo "seed $seed"; cat err; return 1; }
	done
'

test_expect_success 'a dump that is not one: one line, exit 4 (target unreadable)' '
	test_expect_code 4 xs-gdbstub --stdio -f /dev/null 7 </dev/null 2>err &&
	test_one_line err &&
	test_expect_code 4 xs-gdbstub --stdio -f d.xs 8 </dev/null 2>err &&
	test_one_line err &&
	grep "no guest dump of domain 8" err
'

test_expect_success 'bad usage exits 3' '
	test_expect_code 3 xs-gdbstub -f d.xs 2>err &&
	test_expect_code 3 xs-gdbstub -f d.xs notanumber 2>err &&
	test_expect_code 3 xs-gdbstub --max-frames 0 -f d.xs 7 2>err
'

test_done
