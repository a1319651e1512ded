#!/usr/bin/env bash
# Every tool's exit codes: one set for all, the same words in --help and man page
. "$(dirname "$0")/test-lib.sh"

# "CODE WORDS" lines of a tool's --help, after "exit status:".
help_codes() {
	"$@" --help | sed -n '/^exit status:$/,/^[^ ]/{s/^  \([0-9]\)  /\1 /p}'
}

# The same from the man page's EXIT STATUS section (.TP / .B CODE / words).
man_codes() {
	sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$XS_ROOT/docs/man/$1.1" |
		sed 's/\\-/-/g' |
		awk '/^\.B [0-9]$/ { code = $2; next }
		     code != "" && !/^\./ { print code " " $0; code = "" }'
}

for tool in refaudit shadowdump xstop xs-gdbstub p2mdump xs-dirty xs-trace; do
	test_expect_success "$tool: --help and $tool(1) list the same exit codes, same words" "
		help_codes $tool >help &&
		man_codes $tool >man &&
		test -s help &&
		test_cmp help man
	"
done

# The front door and its built-in subcommands: xenscope(1), xenscope-SUB(1).
for cmd in xenscope "xenscope decode" "xenscope doctor"; do
	page=${cmd// /-}
	test_expect_success "$cmd: --help and $page(1) list the same exit codes, same words" "
		help_codes $cmd >help &&
		man_codes $page >man &&
		test -s help &&
		test_cmp help man
	"
done

test_expect_success 'the shared words: 3 is usage, 4 an unreadable target, for every tool' '
	for tool in refaudit shadowdump xstop xs-gdbstub p2mdump xs-dirty xs-trace; do
		help_codes $tool >h &&
		grep -q "^3 bad command line" h &&
		grep -q "^4 the hypervisor or snapshot cannot be read" h ||
		{ echo "$tool"; cat h; return 1; }
	done
'

test_expect_success 'a bad command line exits 3 in every tool' '
	for tool in refaudit shadowdump xstop xs-gdbstub p2mdump xs-dirty xs-trace; do
		test_expect_code 3 $tool --no-such-option 2>err ||
		{ echo "$tool"; return 1; }
	done
'

test_expect_success '--help exits 0 in every tool, the library does not exit for it' '
	for tool in refaudit shadowdump xstop xs-gdbstub p2mdump xs-dirty xs-trace; do
		test_expect_code 0 $tool --help >out &&
		grep -q "^exit status:" out ||
		{ echo "$tool"; return 1; }
	done
'

test_done
