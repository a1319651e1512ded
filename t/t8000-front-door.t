#!/usr/bin/env bash
# xenscope: subcommands run the tools, exit codes pass through; version, doctor
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq NOXEN '! test -e /dev/xen/privcmd && ! test -e /proc/xen/privcmd'

test_expect_success 'setup' '
	test_mksnap zombie-explained.json explained.xs &&
	test_mksnap shadows.json shadows.xs
'

test_expect_success 'xenscope refaudit is refaudit: same output, same exit code' '
	test_expect_code 1 refaudit -f explained.xs >want &&
	test_expect_code 1 xenscope refaudit -f explained.xs >got &&
	test_cmp want got &&
	test_expect_code 1 refaudit -f explained.xs 5 >want &&
	test_expect_code 1 xenscope refaudit -f explained.xs 5 >got &&
	test_cmp want got
'

test_expect_success 'xenscope shadow [audit|list] is shadowdump [--list]' '
	dom=$(jq -r ".records[0].domid" "$TEST_DATA/shadows.json") &&
	shadowdump -f shadows.xs $dom >want &&
	xenscope shadow -f shadows.xs $dom >got && test_cmp want got &&
	xenscope shadow audit -f shadows.xs $dom >got && test_cmp want got &&
	shadowdump --list -f shadows.xs $dom >want &&
	xenscope shadow list -f shadows.xs $dom >got && test_cmp want got
'

test_expect_success 'every tool is reachable by its subcommand and by its own name' '
	for pair in refaudit:refaudit shadow:shadowdump gdb:xs-gdbstub top:xstop \
		p2m:p2mdump dirty:xs-dirty trace:xs-trace; do
		sub=${pair%%:*} tool=${pair#*:} &&
		$tool --help >want &&
		xenscope $sub --help >got && test_cmp want got &&
		xenscope $tool --help >got && test_cmp want got &&
		xenscope help $sub >got && test_cmp want got || { echo "$pair"; return 1; }
	done
'

test_expect_success 'XENSCOPE_EXEC_PATH comes first: the program there is the one run' '
	mkdir bin &&
	printf "#!/bin/sh\necho fake refaudit \"\$@\"\nexit 7\n" >bin/refaudit &&
	chmod +x bin/refaudit &&
	test_expect_code 7 env XENSCOPE_EXEC_PATH=$PWD/bin xenscope refaudit 5 >out &&
	test "$(cat out)" = "fake refaudit 5"
'

test_expect_success 'an unknown subcommand, or none: exit 3; --help: exit 0' '
	test_expect_code 3 xenscope no-such 2>err &&
	test_one_line err &&
	grep -q "no subcommand .no-such." err &&
	test_expect_code 3 xenscope >out &&
	grep -q "^subcommands:" out &&
	test_expect_code 0 xenscope --help >out &&
	grep -q "^  decode " out
'

test_expect_success 'a tool that is not installed: exit 3 and one line' '
	mkdir lone && cp "$XS_BINROOT/xenscope/xenscope" lone/ &&
	test_expect_code 3 env PATH=/usr/bin:/bin lone/xenscope p2m 5 2>err &&
	test_one_line err &&
	grep -q "cannot run p2mdump" err
'

test_expect_success '--version: the release debian/changelog names, and the interface' '
	xenscope --version >out &&
	want=$(sed -n "1s/^xenscope (\([^)-]*\).*/\1/p" "$XS_ROOT/debian/changelog") &&
	test -n "$want" &&
	grep -q "^xenscope $want (xenscope interface [0-9]*)$" out &&
	grep -q "^hypervisor: " out &&
	xenscope version >out2 && test_cmp out out2
'

test_expect_success NOXEN 'no hypervisor: --version says why, and still exits 0' '
	xenscope --version >out &&
	grep -q "^hypervisor: not reachable (cannot reach the hypervisor" out
'

test_expect_success NOXEN 'doctor off Xen: one line a check, exit 4' '
	test_expect_code 4 xenscope doctor >out &&
	cat >expect <<-\EOF &&
	FAIL dom0
	skip permissions
	skip hypervisor
	skip features
	skip layout
	skip xentrace
	skip xen-syms
	EOF
	awk "{print \$1, \$2}" out >got &&
	test_cmp expect got
'

test_expect_success 'doctor takes no arguments: exit 3' '
	test_expect_code 3 xenscope doctor extra 2>err &&
	test_one_line err
'

test_done
