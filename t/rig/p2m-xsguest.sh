# Rig scenario: the xsguest PV kernel publishes its p2m as a tree or as a
# list and does one thing to it per workload; p2mdump must find exactly
# that: the ballooned pfns invalid, the planted pfn an m2p mismatch (and
# nothing else wrong), and a generation race retried, never a mismatch.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
P2MDUMP=$XS_TOP/p2mdump/p2mdump

for fmt in tree list; do
	n=p2m-$fmt
	words="p2m-balloon=8 p2m-plant=0x40"
	[ "$fmt" = list ] && words="p2m=list $words"
	if ! xsguest_create "$n" pv "$words" 32; then
		not_ok "$n boots with '$words'"
		continue
	fi
	d=$DOMID
	ok "$n boots with '$words' (domain $d)"
	range=$(xsguest_line "$n" 'p2m-balloon pfn' | sed 's/.*pfn \(0x[0-9a-f]*-0x[0-9a-f]*\).*/\1/')
	planted=$(xsguest_line "$n" 'p2m-plant pfn' | sed 's/.*pfn \(0x[0-9a-f]*\) .*/\1/')
	"$P2MDUMP" --json "$d" >/tmp/$n.json 2>/tmp/$n.err
	rc=$?
	[ "$rc" -eq 2 ] && ok "$n: p2mdump exits 2 (a real mismatch)" ||
		not_ok "$n: p2mdump exits 2 (got $rc: $(cat /tmp/$n.err))"
	got=$(jq -r .format /tmp/$n.json)
	[ "$got" = "$fmt" ] && ok "$n: read as a $fmt" || not_ok "$n: read as a $fmt (got $got)"
	inv=$(jq -r '[.findings[] | select(.class == "invalid entry")] |
		map("\(.pfn)-\(.last_pfn // .pfn)") | join(",")' /tmp/$n.json)
	want=$(printf '%d-%d' "${range%-*}" "${range#*-}")
	[ "$inv" = "$want" ] && ok "$n: exactly the ballooned pfns $range are invalid" ||
		not_ok "$n: exactly the ballooned pfns $range are invalid (got $inv)"
	bugs=$(jq -c '[.findings[] | select(.bug) | {pfn, class}]' /tmp/$n.json)
	want="[{\"pfn\":$((planted)),\"class\":\"m2p mismatch\"}]"
	[ "$bugs" = "$want" ] && ok "$n: the only real mismatch is the planted pfn $planted" ||
		not_ok "$n: the only real mismatch is the planted pfn $planted (got $bugs)"
	xsguest_destroy "$n"
done

# A guest holding its list mid-update while we read.  Dom0 says when, on the
# guest's console (rig/guests/wl-p2m.c: 'h' makes the generation odd and
# points pfn 16 at pfn 17's frame, 'r' puts the entry back and makes it
# even), so no point here depends on timing or scheduling, and each fails
# if the race goes unseen: a reader that ignored the generation would read
# the held entry as an m2p mismatch (exit 2), or read without retrying.
n=p2m-race
# race_step CHAR WORD: CHAR to the guest's console; its "p2m-race WORD
# generation G" line must follow (one more than before); sets GEN=G.
race_step() {
	local before
	before=$(grep -c "p2m-race $2 generation" "$(xsguest_log "$n")")
	printf %s "$1" >"$tty"
	wait_for_console "$n" "p2m-race $2 generation" 30 || return 1
	for _ in $(seq 1 150); do
		[ "$(grep -c "p2m-race $2 generation" "$(xsguest_log "$n")")" -gt "$before" ] && break
		sleep 0.2
	done
	GEN=$(grep "p2m-race $2 generation" "$(xsguest_log "$n")" | tail -n 1 |
		sed 's/.*generation \([0-9]*\).*/\1/')
	[ "$(grep -c "p2m-race $2 generation" "$(xsguest_log "$n")")" -gt "$before" ]
}
if xsguest_create "$n" pv "p2m=list p2m-race" 32; then
	d=$DOMID
	ok "$n boots (domain $d)"
	tty=$(xenstore-read "/local/domain/$d/console/tty" 2>/dev/null)
	[ -c "$tty" ] && ok "$n: its console input is $tty" ||
		not_ok "$n: its console input is a tty (xenstore has '$tty')"
	mismatches=0
	for round in 1 2; do
		if race_step h held && [ $((GEN % 2)) -eq 1 ]; then
			ok "$n round $round: the guest holds its list mid-update (generation $GEN, odd)"
		else
			not_ok "$n round $round: the guest holds its list mid-update (generation '$GEN')"
		fi
		held=$GEN
		timeout 60 "$P2MDUMP" --retries 0 "$d" >/tmp/$n.0 2>&1
		rc=$?
		[ "$rc" -eq 2 ] && mismatches=$((mismatches + 1))
		[ "$rc" -eq 4 ] && grep -q "kept changing its p2m list (generation $held " /tmp/$n.0 &&
			ok "$n round $round: held, a read without retries reports the race" ||
			not_ok "$n round $round: held, a read without retries reports the race" \
				"(exit $rc: $(head -c 300 /tmp/$n.0))"
		# A read that starts while held must wait; it is let go once it
		# said so, and must then read the released list at once.
		timeout 120 "$P2MDUMP" --json --retries 1000 "$d" >/tmp/$n.1 2>/tmp/$n.1.err &
		pid=$!
		for _ in $(seq 1 300); do
			grep -q 'is changing its p2m list' /tmp/$n.1.err && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		grep -q "is changing its p2m list (generation $held)" /tmp/$n.1.err &&
			ok "$n round $round: a read started while held waits for the guest" ||
			not_ok "$n round $round: a read started while held waits for the guest" \
				"($(head -c 300 /tmp/$n.1.err))"
		race_step r released && [ "$GEN" -eq $((held + 1)) ] &&
			ok "$n round $round: the guest lets go (generation $GEN)" ||
			not_ok "$n round $round: the guest lets go (generation '$GEN', held $held)"
		wait "$pid"
		rc=$?
		[ "$rc" -eq 2 ] && mismatches=$((mismatches + 1))
		got=$(jq -c '[.retries > 0, .generation, ([.findings[] | select(.bug)] | length)]' \
			/tmp/$n.1 2>/dev/null)
		[ "$rc" -eq 0 ] && [ "$got" = "[true,$GEN,0]" ] &&
			ok "$n round $round: it then reads generation $GEN, consistent, after $(jq .retries /tmp/$n.1) retries" ||
			not_ok "$n round $round: it then reads generation $GEN consistent after retries" \
				"(exit $rc, [retried, generation, bugs] $got: $(head -c 300 /tmp/$n.1.err))"
		timeout 60 "$P2MDUMP" --json --retries 0 "$d" >/tmp/$n.2 2>&1
		rc=$?
		[ "$rc" -eq 2 ] && mismatches=$((mismatches + 1))
		[ "$rc" -eq 0 ] && [ "$(jq .retries /tmp/$n.2)" = 0 ] &&
			ok "$n round $round: released, a read needs no retry" ||
			not_ok "$n round $round: released, a read needs no retry (exit $rc)"
	done
	[ "$mismatches" -eq 0 ] && ok "$n: a race is never reported as a mismatch" ||
		not_ok "$n: a race is never reported as a mismatch ($mismatches times)"
	diag "$(tail -n 2 "$(xsguest_log "$n")")"
	xsguest_destroy "$n"
else
	not_ok "$n boots"
fi
test_done
