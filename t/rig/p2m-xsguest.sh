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

# A guest rewriting its list while we read: a race is seen and retried,
# never reported as a mismatch.  The guest's bursts are short and its quiet
# gaps long (p2m-race=4000: about 200 M cycles of rewrites, 4000 M quiet),
# so a read without retries runs into a burst now and then, and one with
# retries finds a quiet gap.  Each kind of read is repeated until it has
# shown what it should (bounded), so the test does not hang on chance.
n=p2m-race
if xsguest_create "$n" pv "p2m=list p2m-race=4000" 32; then
	d=$DOMID
	ok "$n boots (domain $d)"
	races=0 mismatches=0 reads=0
	while [ "$races" -eq 0 ] && [ "$reads" -lt 30 ]; do
		reads=$((reads + 1))
		timeout 60 "$P2MDUMP" --retries 0 "$d" >/tmp/$n.0 2>&1
		rc=$?
		[ "$rc" -eq 2 ] && mismatches=$((mismatches + 1))
		[ "$rc" -eq 4 ] && grep -q 'kept changing its p2m list' /tmp/$n.0 && races=$((races + 1))
	done
	[ "$races" -gt 0 ] && ok "$n: without retries the race is reported (after $reads reads)" ||
		not_ok "$n: without retries the race is reported (0 of $reads reads)"
	retried=0 failed=0 reads=0
	while [ "$retried" -eq 0 ] && [ "$reads" -lt 15 ]; do
		reads=$((reads + 1))
		timeout 120 "$P2MDUMP" --json --retries 1000 "$d" >/tmp/$n.1 2>&1
		rc=$?
		[ "$rc" -eq 2 ] && mismatches=$((mismatches + 1))
		[ "$rc" -eq 0 ] || failed=$((failed + 1))
		[ "$rc" -eq 0 ] && retried=$((retried + $(jq .retries /tmp/$n.1)))
	done
	[ "$mismatches" -eq 0 ] && ok "$n: a race is never reported as a mismatch" ||
		not_ok "$n: a race is never reported as a mismatch ($mismatches times)"
	[ "$failed" -eq 0 ] && [ "$retried" -gt 0 ] &&
		ok "$n: with retries every read is consistent ($reads reads, $retried retries)" ||
		not_ok "$n: with retries every read is consistent ($failed of $reads failed, $retried retries)"
	diag "$(tail -n 2 "$(xsguest_log "$n")")"
	xsguest_destroy "$n"
else
	not_ok "$n boots"
fi
test_done
