# Rig scenario: xs-dirty on xsguest's write workload, PV (shadow log-dirty)
# and PVH under HAP (NPT log-dirty): per-round counts against what the guest
# says it writes, Xen's own view of the paging mode (debug key q) before and
# after, SIGTERM and SIGKILL mid-run, and a second watcher refused; xstop's
# dirty column from the running watch and from its --save snapshot.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/t/rig/logdirty-lib.sh"
XSD=$XS_TOP/xs-dirty/xs-dirty
XSTOP=$XS_TOP/ui/xstop

# dirty_cell DOMID: xstop's DIRTY cell ("N/s" or empty) of DOMID's row in
# the --batch screen on stdin.
dirty_cell() {
	awk -v d="$1" '/^--- / {next}
		{ id = ($1 == ">") ? $2 : $1 }
		id == d && NF > 2 { print ($NF ~ /\/s$/) ? $NF : ""; exit }'
}
NPAGES=1000

# passes NAME: the guest's own count of full passes over its pages, as it
# last said it (every 64 passes).
passes() {
	grep -o 'dirty: [0-9]* passes' "$(xsguest_log "$1")" | tail -n 1 | awk '{print $2}'
}

for kind in pv pvh; do
	n=dirty-$kind
	if ! XSG_HAP=1 xsguest_create "$n" "$kind" "dirty=$NPAGES" 64; then
		not_ok "$n boots with dirty=$NPAGES"
		continue
	fi
	d=$DOMID
	ok "$n boots with dirty=$NPAGES (domain $d)"
	before=$(paging_of "$d")
	diag "Xen's paging assistance for $n before: '${before:-none}'"

	p0=$(passes "$n")
	p0=${p0:-0}
	"$XSD" --json -n 5 -i 1 --save /tmp/$n.xs "$d" >/tmp/$n.json 2>/tmp/$n.err
	rc=$?
	p1=$(passes "$n")
	[ "$rc" -eq 0 ] && ok "$n: xs-dirty runs 5 rounds (exit 0)" ||
		not_ok "$n: xs-dirty runs 5 rounds (exit $rc: $(cat /tmp/$n.err))"
	counts=$(jq -r .dirty /tmp/$n.json | tr '\n' ' ')
	inside=$(jq -r --argjson n "$NPAGES" 'select(.dirty >= $n and .dirty <= $n * 1.1) | .round' /tmp/$n.json | wc -l)
	[ "$inside" -eq 5 ] && ok "$n: every round saw the guest's $NPAGES pages, within 10 % ($counts)" ||
		not_ok "$n: every round saw the guest's $NPAGES pages, within 10 % ($counts)"
	# The guest's side: it wrote all its pages many times a round (its
	# count moved by more than the 64 passes between two of its lines,
	# plus two per round).
	made=$((${p1:-0} - ${p0:-0}))
	[ "$made" -ge $((64 + 2 * 5)) ] &&
		ok "$n: the guest says it wrote its $NPAGES pages over and over meanwhile ($p0 -> $p1 passes)" ||
		not_ok "$n: the guest wrote its $NPAGES pages at least twice a round (passes '$p0' -> '$p1')"
	# xstop's column from the saved rounds: the last round's rate.
	want=$(jq -s -r '.[-1] | .dirty / .seconds | floor' /tmp/$n.json)
	cell=$("$XSTOP" -f /tmp/$n.xs --batch "" | dirty_cell "$d")
	[ -n "$want" ] && [ "${cell%/s}" -ge "$want" ] 2>/dev/null && [ "${cell%/s}" -le $((want + 1)) ] &&
		ok "$n: xstop -f on xs-dirty --save shows the last round's rate ($cell)" ||
		not_ok "$n: xstop -f on xs-dirty --save shows the last round's rate (cell '$cell', want $want/s)"
	after=$(paging_of "$d")
	[ "$after" = "$before" ] && ok "$n: Xen's paging mode is as before ('${after:-none}')" ||
		not_ok "$n: Xen's paging mode is as before (before '$before', after '$after')"

	# SIGTERM mid-run: the mode is turned off, exit 5.
	"$XSD" -n 0 "$d" >/tmp/$n.term 2>&1 &
	pid=$!
	sleep 3
	on=$(paging_of "$d")
	cell=$("$XSTOP" --batch "" | dirty_cell "$d")
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	case "$cell" in [0-9]*/s) ok "$n: xstop shows the running watch's rate ($cell)" ;;
	*) not_ok "$n: xstop shows the running watch's rate (cell '$cell')" ;; esac
	cell=$("$XSTOP" --batch "" | dirty_cell "$d")
	[ -z "$cell" ] && ok "$n: after the watch, xstop's dirty column is empty" ||
		not_ok "$n: after the watch, xstop's dirty column is empty (cell '$cell')"
	case "$on" in *log_dirty*) ok "$n: Xen shows log_dirty while xs-dirty runs" ;;
	*) not_ok "$n: Xen shows log_dirty while xs-dirty runs (saw '$on')" ;; esac
	[ "$rc" -eq 5 ] && log_dirty_off "$d" &&
		ok "$n: SIGTERM: exit 5 and log-dirty off" ||
		not_ok "$n: SIGTERM: exit 5 and log-dirty off (exit $rc, paging '$(paging_of "$d")')"

	# A second watcher is refused while one runs.
	"$XSD" -n 0 "$d" >/dev/null 2>&1 &
	pid=$!
	sleep 3
	"$XSD" -n 1 "$d" >/dev/null 2>/tmp/$n.second
	rc=$?
	[ "$rc" -eq 4 ] && grep -q "already in log-dirty mode" /tmp/$n.second &&
		ok "$n: a second xs-dirty is refused with one line (exit 4)" ||
		not_ok "$n: a second xs-dirty is refused (exit $rc: $(cat /tmp/$n.second))"

	# SIGKILL leaves the mode on; the next run says so and recovers.
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	case "$(paging_of "$d")" in *log_dirty*) ok "$n: after SIGKILL the mode is still on (as expected)" ;;
	*) not_ok "$n: after SIGKILL the mode is still on" ;; esac
	"$XSD" -n 1 -i 0.5 "$d" >/dev/null 2>/tmp/$n.recover
	rc=$?
	[ "$rc" -eq 0 ] && grep -q "left in log-dirty mode by xs-dirty" /tmp/$n.recover && log_dirty_off "$d" &&
		ok "$n: the next run recovers the stale mode and turns it off" ||
		not_ok "$n: the next run recovers the stale mode (exit $rc: $(cat /tmp/$n.recover))"
	xsguest_destroy "$n"
done

"$XSD" 999 2>/tmp/dirty.err
rc=$?
[ "$rc" -eq 3 ] && [ "$(wc -l </tmp/dirty.err)" -eq 1 ] && ok "an unknown domain: one line, exit 3" ||
	not_ok "an unknown domain: one line, exit 3 (exit $rc)"
test_done
