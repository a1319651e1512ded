# Benchmark scenario (dom0 of the rig): what log-dirty costs, on a 1 GiB
# xsguest writing 1000 pages over and over (dirty=1000), PV (shadow
# log-dirty) and PVH under HAP (NPT): how long one CLEAN round takes
# (xs-dirty --json clean_seconds: the domain paused, the bitmap copied out
# and cleared, tracking re-armed), and the guest's own writes per second
# (its "dirty: N passes" lines) with log-dirty off and on.  Prints "bench:"
# lines for bench/logdirty.sh.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/bench/rig/passes-lib.sh"
XSD=$XS_TOP/xs-dirty/xs-dirty
MEM=1024
NPAGES=1000
SPAN=${XS_BENCH_SPAN:-8}

# rate NAME: passes per second over about SPAN seconds, line to line.
rate() {
	local a b
	a=$(fresh "$1") || return 1
	sleep "$SPAN"
	b=$(fresh "$1") || return 1
	echo "$a $b" | awk '{printf "%.2f", ($3 - $1) / ($4 - $2)}'
}

for mode in pv pvh-hap; do
	kind=${mode%%-*}
	n=bench-$mode
	if ! XSG_HAP=1 xsguest_create "$n" "$kind" "dirty=$NPAGES" "$MEM"; then
		not_ok "$n: a $MEM MiB guest boots with dirty=$NPAGES"
		"$XL" destroy "$n" 2>/dev/null
		continue
	fi
	d=$DOMID
	ok "$n: a $MEM MiB guest boots with dirty=$NPAGES (domain $d)"
	off=$(rate "$n")
	"$XSD" --json -n 0 -i 1 "$d" >/tmp/$n.json 2>/tmp/$n.err &
	pid=$!
	sleep 2
	on=$(rate "$n")
	kill -TERM "$pid"
	wait "$pid"
	rounds=$(jq -s 'length' /tmp/$n.json)
	# The best and the median CLEAN of the run (the first round cleans the
	# whole set the enable marked: left out).
	clean=$(jq -s -r '[.[1:][] | .clean_seconds] | sort | "\(.[0]) \(.[length / 2 | floor])"' /tmp/$n.json)
	dirty=$(jq -s -r '[.[1:][] | .dirty] | sort | .[length / 2 | floor]' /tmp/$n.json)
	if [ -n "$off" ] && [ -n "$on" ] && [ "${rounds:-0}" -ge 3 ]; then
		ok "$n: measured ($rounds rounds)"
		echo "# bench: $mode mem_mib $MEM"
		echo "# bench: $mode rounds $rounds"
		echo "# bench: $mode round_dirty $dirty"
		echo "# bench: $mode clean_best_s ${clean% *}"
		echo "# bench: $mode clean_median_s ${clean#* }"
		echo "# bench: $mode passes_off $off"
		echo "# bench: $mode passes_on $on"
	else
		not_ok "$n: measured (off '$off', on '$on', $rounds rounds: $(cat /tmp/$n.err))"
	fi
	"$XL" destroy "$d"
done
test_done
