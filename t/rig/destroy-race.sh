# Rig scenario: audits racing destruction.  LOOPS times (first argument,
# default 5): boot an idle xsguest PV kernel, run refaudit, shadowdump audit
# and p2mdump on it in loops, destroy the guest mid-walk.  Each loop the
# domain must leave xl list within 30 s (a reference leaked by a tool's walk
# would keep it dying), and every run of every tool must end with one of
# its documented exit statuses (0-4, never a signal), at most one line on
# standard error and no sanitizer report (the rig's tools are plain builds,
# so that part guards only a sanitizer build run here).  At the end Xen's console must
# hold no assertion, WARN or BUG.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

loops=${1:-5}
w=/tmp/race
rm -rf "$w"
mkdir -p "$w"
"$XL" dmesg -c >/dev/null

# tool_loop TAG CMD...: run CMD with the domain id until $w/stop exists,
# then once more (the domain is gone by then); one line per run in
# $w/TAG.runs: exit status, lines on stderr, the first stderr line.
tool_loop() {
	local tag=$1 n=0 rc last=0
	shift
	while :; do
		[ -e "$w/stop" ] && last=1
		timeout -s KILL 60 "$@" >"$w/$tag.out" 2>"$w/$tag.err"
		rc=$?
		n=$((n + 1))
		if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$w/$tag.err" ||
			grep -qP '[^\x09\x20-\x7e]' "$w/$tag.err"; then
			cp "$w/$tag.err" "$w/$tag.bad.$n"
		fi
		printf '%s %s %s\n' "$rc" "$(wc -l <"$w/$tag.err")" \
			"$(head -n1 "$w/$tag.err")" >>"$w/$tag.runs"
		[ "$last" = 1 ] && break
	done
}

bad_loops=0
leaks=0
runs=0
for i in $(seq 1 "$loops"); do
	n=race-$i
	if ! xsguest_create "$n" pv idle; then
		not_ok "loop $i: $n reaches ready"
		"$XL" destroy "$n" 2>/dev/null
		bad_loops=$((bad_loops + 1))
		continue
	fi
	d=$DOMID
	rm -f "$w"/*.runs "$w/stop"
	tool_loop refaudit "$XS_TOP/refaudit/refaudit" "$d" &
	p1=$!
	tool_loop shadow "$XS_TOP/shadowdump/shadowdump" audit "$d" &
	p2=$!
	tool_loop p2m "$XS_TOP/p2mdump/p2mdump" "$d" &
	p3=$!
	# Destroy at a different point of the walks each loop: 0.2-2.0 s in.
	sleep "$(awk -v i="$i" 'BEGIN {printf "%.1f", 0.2 + (i * 7 % 19) / 10}')"
	"$XL" destroy "$d" >"$w/destroy.err" 2>&1
	drc=$?
	t0=$(now)
	gone=0
	wait_gone "$d" 30 && gone=1
	gone_s=$(elapsed_since "$t0")
	touch "$w/stop"
	wait "$p1" "$p2" "$p3"
	# Documented statuses are 0-4; 5 is "stopped by a signal" (none sent
	# here), above 5 a crash or the timeout's kill.
	bad=$(cat "$w"/*.runs | awk '$1 > 4 || $2 > 1' | sort | uniq -c)
	nr=$(cat "$w"/*.runs | wc -l)
	runs=$((runs + nr))
	last=$(for t in refaudit shadow p2m; do tail -n1 "$w/$t.runs" | cut -c1-90; done)
	sum="destroy rc $drc, gone in ${gone_s} s, $nr tool runs"
	if [ "$drc" = 0 ] && [ "$gone" = 1 ] && [ -z "$bad" ] && ! ls "$w"/*.bad.* >/dev/null 2>&1; then
		ok "loop $i: $sum, all clean"
	else
		not_ok "loop $i: $sum"
		bad_loops=$((bad_loops + 1))
		[ "$gone" = 1 ] || leaks=$((leaks + 1))
		diag "bad runs (count, status, stderr lines, first line):" "$bad" \
			"$(cat "$w/destroy.err")" "$(cat "$w"/*.bad.* 2>/dev/null | head -n 20)"
		rm -f "$w"/*.bad.*
	fi
	diag "loop $i last runs (status, stderr lines, message):" "$last"
	cat "$w"/*.runs >>"$w/all.log"
	[ "$gone" = 1 ] || "$XL" list | sed 's/^/# /'
done

diag "all runs by tool status and message:" \
	"$(awk '{$2 = ""; print}' "$w/all.log" | sed -E "s/'[0-9]+'/'N'/; s/domain [0-9]+/domain N/" | cut -c1-80 | sort | uniq -c | sort -rn | head -n 30)"
check "$loops loops: $bad_loops bad, $leaks domains left behind, $runs tool runs" \
	test "$bad_loops" = 0
msgs=$("$XL" dmesg | grep -E 'Assertion|WARN|BUG|Xen call trace|FATAL|Panic' || true)
if [ -z "$msgs" ]; then
	ok "no ASSERT, WARN or BUG in xl dmesg after $loops loops"
else
	not_ok "no ASSERT, WARN or BUG in xl dmesg after $loops loops"
	diag "$msgs"
fi
test_done
