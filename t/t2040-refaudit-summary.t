#!/usr/bin/env bash
test_description='refaudit: the summary (no pages kept) counts what the sorted join counts'
. "$(dirname "$0")/test-lib.sh"

# The summary of a snapshot takes its own pass (lib/audit/summary.c);
# keeping every page takes the sorted join (lib/audit/audit.c).  Each
# case: every total, holder (in order) and group field of both.
same_counts() {
	xs-test-tool explain "$1" "$2" summary >summary.path &&
	xs-test-tool explain "$1" "$2" pages >pages.path &&
	test "$(head -n 1 summary.path)" = "path summary" &&
	test "$(head -n 1 pages.path)" = "path sorted" &&
	sed 1d summary.path >summary.out && sed 1d pages.path >pages.out &&
	test_cmp pages.out summary.out &&
	grep -q "^pages " summary.out
}

MKZOMBIE=$XS_BUILD/bench/mkzombie
[ -x "$MKZOMBIE" ] || fail_all "$MKZOMBIE not built (run make)"

test_expect_success 'setup' '
	test_mksnap refaudit-every-kind.json every.xs &&
	test_mksnap refaudit-attribution.json attrib.xs &&
	test_mksnap zombie-leak.json leak.xs &&
	test_mksnap several-dying.json several.xs &&
	sed "/\"injected\"/d" "$TEST_DATA/refaudit-every-kind.json" >real-leak.json &&
	xs-test-tool mksnap real-leak.json real-leak.xs &&
	"$MKZOMBIE" 20000 zombie.xs
'

test_expect_success 'every kind of reference, orphans and an injected leak' '
	same_counts every.xs 5 &&
	grep -q "^group unexplained d65535 pages 1 .* injected 1 " summary.out
'

test_expect_success 'a leak without injection' '
	same_counts real-leak.xs 5 &&
	grep -q "^group unexplained d65535 pages 1 " summary.out
'

test_expect_success 'pages spread thinly over their mfns, and densely' '
	same_counts attrib.xs 11 && same_counts attrib.xs 12
'

test_expect_success 'a leaking zombie, and several dying domains' '
	same_counts leak.xs 9 &&
	same_counts several.xs 0 && same_counts several.xs 4
'

test_expect_success 'the bench zombie: holders of every kind, grants with their PV entries, in hypervisor order' '
	same_counts zombie.xs 1 &&
	grep -q "^group grant d0 pages 4000 refs 8000 " summary.out &&
	test "$(grep -c "^holder " summary.out)" = 5
'

test_expect_success 'refaudit prints the same summary either way' '
	test_expect_code 1 refaudit -f zombie.xs 1 >text &&
	test_expect_code 1 refaudit -f zombie.xs --pages 1 >text-pages &&
	sed "/^(--pages lists/d" text >want &&
	sed "/^\$/,\$d" text-pages >got &&
	test_cmp want got
'

test_done
