#!/usr/bin/env bash
# trace-decode-check.sh TRACE FIRST: the host-side checks of t9410 on the
# capture of t/rig/trace-decode.sh, as TAP test points numbered from FIRST
# (no plan: the wrapper prints it).  Every standard event must decode, and
# the per-domain counts of `xs-trace --summary` must equal stock xenalyze's
# `--summary` for the same file.  xenalyze cannot read the whole capture
# (4.17's packed shadow fix-ups of a 4-level guest stop it, our shadow
# records in dom0's context confuse it), so both read the part it can: the
# capture without TRC_SHADOW, xenscope's, guest and unknown records, as
# xs-trace --write writes it.
trc=$1
n=$(($2 - 1))
top=$(cd "$(dirname "$0")/../.." && pwd)
XT=$top/trace/xs-trace
out=$(dirname "$trc")
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
# A failure's diagnostics also go to standard error: prove shows them in a
# CI log that is not verbose.
fail_diag() { diag "$@" | tee /dev/stderr; }

"$XT" --summary "$trc" >"$out/summary.txt" 2>"$out/summary.err"
rc=$?
if [ $rc -le 1 ] && grep -q '^unknown: 0 event ids$' "$out/summary.txt" &&
	! grep -q '^damage' "$out/summary.txt"; then
	ok "xs-trace --summary decodes every record (exit $rc, no unknown event, no damage)"
else
	not_ok "xs-trace --summary decodes every record (exit $rc)"
	fail_diag "$(grep -A20 '^unknown' "$out/summary.txt")" "$(head -n 5 "$out/summary.err")"
fi
diag "$(head -n 1 "$out/summary.txt")" "$(grep -c '^lost' "$out/summary.err") lost-record reports"
if grep -q 'vendor AMD (SVM)' "$out/summary.txt"; then
	ok "the vendor is read from the trace: AMD (QEMU's SVM)"
else
	not_ok "the vendor is read from the trace: AMD (QEMU's SVM)"
fi
for e in "shadow fixup" "xenscope shadow_create" "xenscope shadow_destroy" "xenscope get" \
	"xenscope stage" "hvm vmexit" "pv hypercall" "sched runstate_change"; do
	if grep -q "^  event $e [0-9]" "$out/summary.txt"; then
		ok "the capture has $e records"
	else
		not_ok "the capture has $e records"
	fi
done
"$XT" --dump "$trc" >"$out/dump.txt" 2>/dev/null
f=$(grep -c ' shadow fixup .* levels=4$' "$out/dump.txt")
if [ "$f" -gt 0 ]; then
	ok "4.17's packed 20-byte fix-ups of the 4-level guest decode ($f)"
else
	not_ok "4.17's packed 20-byte fix-ups of the 4-level guest decode"
fi
if "$XT" --json "$trc" 2>/dev/null | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    json.loads(line); n += 1
print(n)' >"$out/json.n"; then
	ok "--json: every line is JSON ($(cat "$out/json.n") events)"
else
	not_ok "--json: every line is JSON"
fi

"$XT" --filter 'class!=shadow,class!=xenscope,class!=guest,class!=other' --write "$out/xa.trc" \
	"$trc" 2>/dev/null
xenalyze --svm-mode --summary "$out/xa.trc" >"$out/xa-summary.txt" 2>"$out/xa-summary.err"
xrc=$?
"$XT" --summary "$out/xa.trc" >"$out/xa-ours.txt" 2>/dev/null
"$top/t/helper/trace-counts.sh" xenalyze "$out/xa-summary.txt" >"$out/counts-xa.txt"
"$top/t/helper/trace-counts.sh" xs-trace "$out/xa-ours.txt" >"$out/counts-ours.txt"
if [ $xrc -eq 0 ] && [ -s "$out/counts-xa.txt" ] && cmp -s "$out/counts-xa.txt" "$out/counts-ours.txt"; then
	ok "per-domain PV event and VMEXIT counts equal xenalyze --summary's ($(wc -l <"$out/counts-xa.txt") counts)"
else
	not_ok "per-domain PV event and VMEXIT counts equal xenalyze --summary's (xenalyze exit $xrc)"
	fail_diag "xenalyze:" "$(cat "$out/counts-xa.txt")" "xs-trace:" "$(cat "$out/counts-ours.txt")" \
		"$(tail -n 3 "$out/xa-summary.err")"
fi
diag "counts:" "$(cat "$out/counts-ours.txt")"
# xentrace cuts each CPU's records into windows where its reads of the
# buffers fell, so a count that depends on where the cuts are is right by
# chance: the same records cut five other ways must count as xenalyze
# (which merges by TSC) counts each of them.  A cut that cannot be made or
# read leaves no counts, and fails.
bad=
for seed in 1 2 3 4 5; do
	rm -f "$out"/re-*.txt
	python3 "$top/t/helper/trace-rechunk.py" "$seed" "$out/xa.trc" "$out/re.trc" &&
		xenalyze --svm-mode --summary "$out/re.trc" >"$out/re-xa.txt" 2>/dev/null &&
		"$XT" --summary "$out/re.trc" >"$out/re-ours.txt" 2>/dev/null
	"$top/t/helper/trace-counts.sh" xenalyze "$out/re-xa.txt" >"$out/re-counts-xa.txt"
	"$top/t/helper/trace-counts.sh" xs-trace "$out/re-ours.txt" >"$out/re-counts-ours.txt"
	if ! [ -s "$out/re-counts-xa.txt" ] || ! cmp -s "$out/re-counts-xa.txt" "$out/re-counts-ours.txt"; then
		bad="$bad $seed"
		fail_diag "cut $seed: xenalyze / xs-trace:" \
			"$(diff "$out/re-counts-xa.txt" "$out/re-counts-ours.txt" | grep '^[<>]')"
	fi
done
rm -f "$out/re.trc"
if [ -z "$bad" ]; then
	ok "the capture cut into windows five other ways: every count still equals xenalyze's"
else
	not_ok "the capture cut into windows five other ways: every count still equals xenalyze's (cuts$bad differ)"
fi
echo "$n" >"$out/last-test"
