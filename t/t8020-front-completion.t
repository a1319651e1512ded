#!/usr/bin/env bash
# bash completion: generated from the option tables, registered for every tool
. "$(dirname "$0")/test-lib.sh"

COMP=$XS_BUILD/completion/xenscope
[ -s "$COMP" ] || fail_all "$COMP not built (run make)"

# comp WORDS...: what completing the last word of WORDS offers, one per line, sorted.
comp() {
	bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		fn=$(complete -p "$1" | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
		"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' comp "$COMP" "$@" | sort
}

test_expect_success 'complete -p: one function for xenscope and every tool' '
	bash -c ". $COMP; complete -p" >out &&
	for t in xenscope refaudit shadowdump xstop xs-gdbstub p2mdump xs-dirty xs-trace; do
		grep -qx "complete -F _xenscope_complete $t" out || { echo "$t"; return 1; }
	done
'

test_expect_success 'every long option of every tool completes, from its --help' '
	for t in refaudit shadowdump xstop xs-gdbstub p2mdump xs-dirty xs-trace; do
		$t --help | sed -n "s/^  \(-., \)\{0,1\} *\(--[a-z-]*\).*/\2/p" | sort >want &&
		comp $t -- | grep "^--" >got &&
		test_cmp want got || { echo "$t"; return 1; }
	done
'

test_expect_success 'a prefix: refaudit --h offers --help and --history' '
	comp refaudit --h >got &&
	printf "%s\n" --help --history >want &&
	test_cmp want got
'

test_expect_success 'xenscope: subcommands, then the tool'"'"'s options behind one' '
	comp xenscope d >got &&
	printf "%s\n" decode dirty doctor >want &&
	test_cmp want got &&
	comp xenscope shadow --l >got &&
	echo --list >want &&
	test_cmp want got &&
	comp xenscope decode --o >got &&
	echo --only >want &&
	test_cmp want got &&
	comp xenscope shadow a >got &&
	echo audit >want &&
	test_cmp want got
'

test_expect_success 'domain names and ids from xl list' '
	cat >xl <<-\EOF &&
	#!/bin/sh
	cat <<LIST
	Name                                        ID   Mem VCPUs	State	Time(s)
	Domain-0                                     0   512     2     r-----      12.0
	zombie                                       5    32     1     --p--d       0.1
	web                                         12   256     1     -b----       3.2
	LIST
	EOF
	chmod +x xl &&
	XENSCOPE_XL=$PWD/xl comp refaudit "" >got &&
	printf "%s\n" 0 12 5 Domain-0 web zombie | sort >want &&
	test_cmp want got &&
	XENSCOPE_XL=$PWD/xl comp xenscope gdb z >got &&
	echo zombie >want &&
	test_cmp want got &&
	XENSCOPE_XL=$PWD/xl comp p2mdump "" >got &&
	grep -qx gfn got && grep -qx mfn got && grep -qx web got
'

test_expect_success 'an option argument: files for FILE, xen or files for TARGET, nothing for S' '
	: >snap.xs &&
	comp refaudit --save sn >got &&
	echo snap.xs >want && test_cmp want got &&
	comp shadowdump -t xe >got &&
	echo xen >want && test_cmp want got &&
	comp refaudit --timeout "" >got &&
	! test -s got
'

test_expect_success 'no xl on the host: no domains, no error' '
	XENSCOPE_XL=/nonexistent/xl comp refaudit "" >got 2>err &&
	! test -s got &&
	! test -s err
'

test_done
