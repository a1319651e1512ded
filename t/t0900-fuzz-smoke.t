#!/usr/bin/env bash
test_description='fuzz harnesses: regression inputs pass, a few seconds on the seeds find nothing'
. "$(dirname "$0")/test-lib.sh"

# make check and check-offline build them first (make fuzz-build).
FUZZ=$XS_ROOT/build/fuzz
NAMES=$(cd "$XS_ROOT/t/fuzz" && ls *.c | sed 's/\.c$//')
SMOKE_S=${XS_FUZZ_SMOKE_S:-3}

for n in $NAMES; do
	test_expect_success "$n: harness and seeds are built" '
		test -x "$FUZZ/bin/$n" && test -n "$(ls "$FUZZ/seeds/$n" "$XS_ROOT/t/fuzz/seeds/$n" 2>/dev/null)"
	'
	# Every input that once crashed a parser, run once each.
	test_expect_success "$n: regression inputs" '
		reg=$XS_ROOT/t/fuzz/regressions/$n &&
		if test -d "$reg"; then
			"$FUZZ/bin/$n" -runs=1 "$reg"/* >log 2>&1 || { cat log; false; }
		fi
	'
	test_expect_success "$n: ${SMOKE_S}s of fuzzing on the seeds" '
		mkdir -p corpus-$n crash-$n &&
		seeds= &&
		for d in "$FUZZ/seeds/$n" "$XS_ROOT/t/fuzz/seeds/$n"; do
			if test -d "$d"; then seeds="$seeds $d"; fi
		done &&
		"$FUZZ/bin/$n" -max_total_time=$SMOKE_S -timeout=20 -rss_limit_mb=2048 \
			-artifact_prefix=crash-$n/ corpus-$n $seeds >log 2>&1 ||
		{ tail -n 40 log; false; }
	'
done
test_done
