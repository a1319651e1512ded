# Shell test library, in the manner of git's t/test-lib.sh.  Source it from
# a tNNNN-area-what.t script:
#
#	#!/usr/bin/env bash
#	test_description='what this file tests'
#	. "$(dirname "$0")/test-lib.sh"
#	test_expect_success 'it works' 'refaudit -f x.snap'
#	test_done
#
# Each test runs in a fresh subshell inside a scratch directory ($TRASH);
# prerequisites are declared with test_lazy_prereq and checked only when a
# test asks for them.  Output is TAP for prove.

set -u

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
XS_ROOT=$(cd "$TEST_DIR/.." && pwd)
# Set by the Makefile (build/ or build/san/); defaults match a plain `make`.
XS_BUILD=$XS_ROOT/${XS_BUILD:-build}
XS_BINROOT=$XS_ROOT/${XS_BINROOT:-.}
TEST_DATA=$TEST_DIR/data
export XS_ROOT XS_BUILD XS_BINROOT TEST_DATA

# Tools and xs-test-tool, from the flavour being tested.
for d in "$XS_BINROOT"/*/ "$XS_BINROOT"/t/helper/; do
	PATH="${d%/}:$PATH"
done
export PATH
# Deterministic output: no colour, C locale.
export NO_COLOR=1 LC_ALL=C

test_count=0
test_failures=0
test_skipped=0
test_prereqs_ok=" "
test_prereqs_bad=" "
declare -A test_lazy

test_name=$(basename "$0" .t)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/xs-$test_name.XXXXXX") || exit 1
trap 'rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 1

say() { printf '# %s\n' "$*"; }

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# fail_all MESSAGE: the file cannot run its tests (something it needs and
# `make`/`make deps` provide is missing): one failing test point, not a skip.
fail_all() {
	echo "not ok 1 - $*"
	echo "1..1"
	exit 1
}

# test_lazy_prereq NAME 'script': NAME holds when the script succeeds.
test_lazy_prereq() {
	test_lazy[$1]=$2
}

test_have_prereq() {
	local p
	for p in ${1//,/ }; do
		case "$test_prereqs_ok" in *" $p "*) continue ;; esac
		case "$test_prereqs_bad" in *" $p "*) return 1 ;; esac
		if [ -z "${test_lazy[$p]+set}" ]; then
			echo "test-lib: unknown prerequisite $p" >&2
			return 1
		fi
		if (eval "${test_lazy[$p]}") >/dev/null 2>&1; then
			test_prereqs_ok="$test_prereqs_ok$p "
		else
			test_prereqs_bad="$test_prereqs_bad$p "
			return 1
		fi
	done
	return 0
}

# test_expect_success [PREREQ] 'description' 'commands'
test_expect_success() {
	local prereq= desc body out
	[ $# -eq 3 ] && { prereq=$1; shift; }
	desc=$1 body=$2
	test_count=$((test_count + 1))
	if [ -n "$prereq" ] && ! test_have_prereq "$prereq"; then
		test_skipped=$((test_skipped + 1))
		echo "ok $test_count # SKIP $desc (missing $prereq)"
		return
	fi
	# Like git: bodies chain their commands with && (set -e does not
	# apply inside a tested command substitution).
	if out=$(eval "$body" 2>&1); then
		echo "ok $test_count - $desc"
	else
		test_failures=$((test_failures + 1))
		echo "not ok $test_count - $desc"
		printf '%s\n' "$body" | sed 's/^/#\t/'
		printf '%s\n' "$out" | sed 's/^/# /'
		# prove shows a test's stdout only with -v: the point and what
		# it printed go to stderr too, so a quiet CI log says why.
		{
			echo "$test_name: not ok $test_count - $desc"
			printf '%s\n' "$out" | tail -n 20 | sed "s/^/$test_name: # /"
		} >&2
	fi
}

test_done() {
	echo "1..$test_count"
	[ "$test_failures" -eq 0 ]
	exit $?
}

# --- functions for test bodies ------------------------------------------

# test_expect_code CODE cmd...: the command exits with exactly CODE.
test_expect_code() {
	local want=$1 got=0
	shift
	"$@" || got=$?
	if [ "$got" != "$want" ]; then
		echo "expected exit $want, got $got from: $*"
		return 1
	fi
}

# test_cmp EXPECTED ACTUAL
test_cmp() {
	diff -u "$1" "$2"
}

# test_one_line FILE: FILE holds exactly one line (an error message).
test_one_line() {
	local n
	n=$(wc -l <"$1")
	if [ "$n" -ne 1 ]; then
		echo "expected one line in $1, got $n:"
		cat "$1"
		return 1
	fi
}

# The C unit test NAME, from the flavour being tested.
test_unit() {
	local bin="$XS_BUILD/t/unit/$1"
	if [ ! -x "$bin" ]; then
		fail_all "$bin not built (run make)"
	fi
	exec "$bin"
}

# A snapshot from a readable JSON description in t/data.
# schema_ok FILE: FILE is refaudit JSON of docs/refaudit-json.schema.json.
schema_ok() {
	python3 "$XS_ROOT/t/helper/jsonschema.py" "$XS_ROOT/docs/refaudit-json.schema.json" "$1"
}

test_mksnap() {
	xs-test-tool mksnap "$TEST_DATA/$1" "$2"
}

# gdb_payloads FILE: the payload of each packet a stub wrote to FILE, one a
# line, with its runs expanded ("X*N" is N - 29 more X; the stub never
# sends '*' otherwise: it escapes it).
gdb_payloads() {
	grep -ao '\$[^#]*' "$1" | cut -c2- | perl -pe 's/(.)\*(.)/$1 x (ord($2) - 28)/ge'
}
