#!/usr/bin/env bash
# logdirty-trace-check.sh OUT FIRST: the host-side checks of t9650 on what
# t/rig/logdirty-trace.sh kept in OUT (per mode: MODE.trc, the audit's
# output MODE.audit, MODE.domid, MODE.ledger), as TAP test points numbered
# from FIRST (no plan: the wrapper prints it; the last number goes to
# OUT/last-test).  Per capture: xs-trace decodes every record; the guest's
# log-dirty records come in order (one enable, then marks and cleans, one
# disable last); each of the audit's rounds logged as many pages as the
# capture has marks since the clean before, and its clean reported exactly
# those (xs-dirty's own count, from the bitmap it read); the guest's data
# pages were marked by the path the paging mode uses (shadow fault, HAP
# fault); HAP splits superpages; stock xenalyze --dump-all reads the
# capture with dom0's and the guest's records.
out=$1
n=$(($2 - 1))
top=$(cd "$(dirname "$0")/../.." && pwd)
XT=$top/trace/xs-trace
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
fail_diag() { diag "$@" | tee /dev/stderr; }
# xa_reads TRACE DOMID: stock xenalyze --dump-all (into $out/$mode.xa; the
# rig's CPU is SVM, whose exit reasons xenalyze only takes in --svm-mode) exits
# 0 with no FATAL, shows log-dirty records (XA_LD of them), dom0's and
# DOMID's; else XA_WHY says what failed.
xa_reads() {
	xenalyze --svm-mode --dump-all "$1" >"$out/$mode.xa" 2>&1
	local rc=$?
	XA_LD=$(grep -c '10f03[0-6](10:f:3[0-6])' "$out/$mode.xa")
	XA_WHY=
	if [ $rc -ne 0 ] || grep -q FATAL "$out/$mode.xa"; then
		XA_WHY="exit $rc, $(grep -c FATAL "$out/$mode.xa") FATAL"
	elif [ "$XA_LD" -eq 0 ] || ! grep -q ' d0v[0-9]' "$out/$mode.xa" ||
		! grep -q " d${2}v0 " "$out/$mode.xa"; then
		XA_WHY="$XA_LD log-dirty records, dom0's or d$2's records missing"
	fi
	[ -z "$XA_WHY" ]
}
# decodes TRACE SUMMARY: xs-trace --summary (into SUMMARY, errors into
# SUMMARY.err) finds no unknown event id and no damage.
decodes() {
	"$XT" --summary "$1" >"$2" 2>"$2.err"
	[ $? -le 1 ] && grep -q '^unknown: 0 event ids$' "$2" && ! grep -q '^damage' "$2"
}

for mode in pv pvh-hap; do
	trc=$out/$mode.trc
	if [ ! -s "$trc" ] || [ ! -s "$out/$mode.audit" ]; then
		not_ok "$mode: the rig left a capture and an audit"
		continue
	fi
	d=$(cat "$out/$mode.domid")
	if decodes "$trc" "$out/$mode.summary"; then
		ok "$mode: xs-trace decodes every record (no unknown event, no damage)"
	else
		not_ok "$mode: xs-trace decodes every record"
		fail_diag "$(grep -A10 '^unknown' "$out/$mode.summary")" "$(head -n 3 "$out/$mode.summary.err")"
	fi
	lost=$(grep -c '^lost' "$out/$mode.summary.err")
	"$XT" --json "$trc" 2>/dev/null | grep '"event":"ld_' >"$out/$mode.ld.json"
	python3 - "$out/$mode.ld.json" "$d" "$out/$mode.audit" "$out/$mode.ledger" "$mode" \
		>"$out/$mode.check" 2>&1 <<'PY'
import json, re, sys
path, dom, audit, ledger, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
ev = [e for e in map(json.loads, open(path)) if e.get("domid") == dom]
names = [e["event"] for e in ev]
m = re.search(r"pages pfn (0x[0-9a-f]+)-(0x[0-9a-f]+)", open(ledger).read())
first, last = int(m.group(1), 16), int(m.group(2), 16)
# xs-dirty's rounds: "round K: ... D pages logged"
rounds = [int(x) for x in re.findall(r"^round \d+: .*; (\d+) pages logged", open(audit).read(), re.M)]
res = {}
res["order"] = (names.count("ld_enable") == 1 and names.count("ld_disable") == 1
                and names[0] == "ld_enable" and names[-1] == "ld_disable")
# Cleans: a preempted CLEAN leaves records without DONE (flags bit 0) first.
cleans, marks_since, cur_rep, cur_marks = [], [], 0, 0
paths = {}
for e in ev:
    if e["event"] == "ld_mark":
        g = int(e["gfn"], 16)
        if int(e["flags"], 16) & 1:
            continue  # dropped: never in a bitmap
        cur_marks += 1
        if first <= g <= last:
            paths[e["path_name"]] = paths.get(e["path_name"], 0) + 1
    elif e["event"] == "ld_clean":
        cur_rep += e["reported"]
        if int(e["flags"], 16) & 1:
            cleans.append((cur_rep, cur_marks))
            cur_rep, cur_marks = 0, 0
k = len(rounds)
tail = cleans[-k:] if k else []
res["rounds"] = k > 0 and len(cleans) >= k + 1 and [c[0] for c in tail] == rounds
res["marks"] = len(cleans) > 0 and all(rep == mk for rep, mk in cleans)
want = "shadow_fault" if mode == "pv" else "hap_fault"
res["paths"] = sum(paths.values()) > 0 and set(paths) == {want}
splits = [e for e in ev if e["event"] == "ld_split"]
res["splits"] = mode == "pv" or (len(splits) > 0 and all(e["order"] == 9 for e in splits))
print("rounds (xs-dirty):", rounds)
print("cleans (reported, marks since the last):", cleans)
print("data-page marks by path:", paths, "; splits:", len(splits),
      "; events:", {x: names.count(x) for x in sorted(set(names))})
for key, v in res.items():
    print("check", key, "ok" if v else "FAIL")
PY
	diag "$(cat "$out/$mode.check")" "$lost lost-record reports"
	c() { grep -q "^check $1 ok$" "$out/$mode.check"; }
	if c order; then
		ok "$mode: d$d's log-dirty records in order: one enable first, one disable last"
	else
		not_ok "$mode: d$d's log-dirty records in order: one enable first, one disable last"
	fi
	if c rounds; then
		ok "$mode: every clean of the audit's rounds reported the pages xs-dirty counted in that round"
	else
		not_ok "$mode: every clean of the audit's rounds reported the pages xs-dirty counted"
	fi
	if c marks; then
		ok "$mode: every clean reported exactly the pages marked since the clean before"
	else
		not_ok "$mode: every clean reported exactly the pages marked since the clean before"
	fi
	if c paths; then
		ok "$mode: the guest's data pages were marked by the paging mode's write fault only"
	else
		not_ok "$mode: the guest's data pages were marked by the paging mode's write fault only"
	fi
	if [ "$mode" = pvh-hap ]; then
		if c splits; then
			ok "$mode: the HAP guest's 2 MiB p2m superpages are split in log-dirty mode"
		else
			not_ok "$mode: the HAP guest's 2 MiB p2m superpages are split in log-dirty mode"
		fi
	fi
	# Stock xenalyze on the capture.  It reads every TRC_SHADOW record as
	# an HVM vCPU's shadow fault (t9410 says why it cannot read a shadowed
	# guest's 4.17 fix-ups); if the whole file stops it, it gets the file
	# without that class (our records kept) and the test point says so.
	what="the capture"
	if ! xa_reads "$trc" "$d"; then
		"$XT" --write "$out/$mode.noshadow.trc" --filter 'class!=shadow' "$trc" 2>/dev/null
		what="the capture without TRC_SHADOW (the whole file: $XA_WHY)"
		xa_reads "$out/$mode.noshadow.trc" "$d"
	fi
	if [ -z "$XA_WHY" ]; then
		ok "$mode: xenalyze --dump-all reads $what ($XA_LD log-dirty records, dom0's and d$d's records)"
	else
		not_ok "$mode: xenalyze --dump-all reads $what"
		fail_diag "$(grep -m 3 FATAL "$out/$mode.xa")" "$(tail -n 3 "$out/$mode.xa")"
	fi
	rm -f "$out/$mode.xa" "$out/$mode.ld.json" "$out/$mode.noshadow.trc"
done
echo "$n" >"$out/last-test"
