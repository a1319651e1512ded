#!/usr/bin/env bash
test_description='docs/bad-input.md: every row with a command does what the table says'
. "$(dirname "$0")/test-lib.sh"

TABLE=$XS_ROOT/docs/bad-input.md

test_expect_success 'setup: the fixtures the table names' '
	test_mksnap zombie-explained.json z.xs &&
	xs-test-tool mkgdbdump "$TEST_DATA/gdbstub-small.desc" d.xs &&
	"$XS_BUILD/t/unit/trace" mk <"$TEST_DATA/trace-history.txt" >t.trc &&
	head -c 803 t.trc >cut.trc &&
	cp "$(command -v refaudit)" refaudit-bin &&
	python3 "$TEST_DIR/helper/snap-set-version.py" z.xs newer.xs 3 &&
	refaudit -f newer.xs 5 2>&1 | grep -q "format version 3"
'

# Rows: | tool | input | `command` | exit | `message` |
rows=$(grep '^| [a-z-]* | [^|]* | `' "$TABLE" | sed 's/^| //; s/ |$//')
test_expect_success 'the table has rows to run' 'test $(echo "$rows" | wc -l) -ge 25'

while IFS= read -r row; do
	input=$(echo "$row" | awk -F' \\| ' '{print $2}')
	cmd=$(echo "$row" | awk -F' \\| ' '{print $3}' | sed 's/^`//; s/`$//')
	want=$(echo "$row" | awk -F' \\| ' '{print $4}')
	msg=$(echo "$row" | awk -F' \\| ' '{print $5}' | sed 's/^`//; s/`$//')
	sig=
	case "$input" in
	SIGTERM*) sig=TERM ;;
	SIGINT*) sig=INT ;;
	esac
	test_expect_success "$cmd ($input): exit $want, one line" '
		if test -n "$sig"; then
			: >err;
			$cmd </dev/null >out 2>err &
			pid=$! &&
			for i in $(seq 100); do grep -q "listening on" err && break; sleep 0.1; done &&
			kill -$sig $pid &&
			{ wait $pid; rc=$?; } &&
			test "$(grep -vc "listening on" err)" = 1
		else
			{ $cmd </dev/null >out 2>err; rc=$?; } &&
			test_one_line err
		fi &&
		echo "rc=$rc" && cat err &&
		test "$rc" = "$want" &&
		grep -qF -- "$msg" err &&
		! ls nodir >/dev/null 2>&1
	'
done <<<"$rows"

test_expect_success '--save replaces a file only when complete' '
	echo old >keep.xs &&
	refaudit -f z.xs --save keep.xs 5 >/dev/null; test $? = 1 &&
	refaudit -f keep.xs 5 >/dev/null; test $? = 1 &&
	test -z "$(ls keep.xs.* 2>/dev/null)" &&
	: >afile &&
	{ refaudit -f z.xs --save afile/x.xs 5 >/dev/null 2>err; rc=$?; } &&
	test $rc = 4 && test_one_line err && test -z "$(ls afile.* 2>/dev/null)"
'
test_done
