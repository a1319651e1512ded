# Benchmark scenario (dom0 of the rig): the audit and the trace capture on
# a host whose guests are busy.  Two xsguests write memory as fast as they
# can (dirty=N: N pages, one word each per pass, then a spin: CPU and
# memory-write load), a PV one and a PVH one under shadow paging (so
# shadowdump's audit has tables to walk).  Their own pass counts are read
# off their consoles over the same window three times: with nothing else
# running, while dom0 runs refaudit, shadowdump audit and p2mdump on them in
# loops, and while `xentrace -D -e all` records into a small buffer (so
# that Xen loses records under the load).  Prints "bench:" lines for bench/load.sh
# and keeps the capture in /xs/out for the host to count the lost records
# independently.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/bench/rig/passes-lib.sh"
MEM=256
NPAGES=${XS_BENCH_PAGES:-2000}
SPAN=${XS_BENCH_SPAN:-10}
w=/tmp/load
rm -rf "$w"
mkdir -p "$w" /xs/out

# rates: both guests' passes per second over the same SPAN seconds; prints
# "PV PVH".
rates() {
	local a1 b1 a2 b2
	a1=$(fresh load-pv) && b1=$(fresh load-pvh) || return 1
	sleep "$SPAN"
	a2=$(fresh load-pv) && b2=$(fresh load-pvh) || return 1
	echo "$a1 $a2 $b1 $b2" | awk '{printf "%.2f %.2f", ($3 - $1) / ($4 - $2), ($7 - $5) / ($8 - $6)}'
}

# tool_loop TAG CMD...: run CMD until $w/stop exists; one line per run in
# $w/TAG.runs: exit status, seconds, lines on stderr.
tool_loop() {
	local tag=$1 rc t0
	shift
	while [ ! -e "$w/stop" ]; do
		t0=$(now)
		timeout -s KILL 120 "$@" >"$w/$tag.out" 2>"$w/$tag.err"
		rc=$?
		printf '%s %s %s\n' "$rc" "$(elapsed_since "$t0")" "$(wc -l <"$w/$tag.err")" >>"$w/$tag.runs"
		[ "$rc" -gt 4 ] && cp "$w/$tag.err" "$w/$tag.bad"
	done
}

XSG_HAP=0 xsguest_create load-pvh pvh "dirty=$NPAGES" "$MEM" && dh=$DOMID
xsguest_create load-pv pv "dirty=$NPAGES" "$MEM" && dp=$DOMID
if [ -z "${dp:-}" ] || [ -z "${dh:-}" ]; then
	not_ok "two $MEM MiB guests boot with dirty=$NPAGES (pv '${dp:-}', pvh '${dh:-}')"
	test_done
	exit 0
fi
ok "two $MEM MiB guests boot with dirty=$NPAGES (pv $dp, pvh $dh)"

idle=$(rates) || idle=
tool_loop refaudit-pv "$XS_TOP/refaudit/refaudit" "$dp" &
l1=$!
tool_loop refaudit-pvh "$XS_TOP/refaudit/refaudit" "$dh" &
l2=$!
tool_loop shadow "$XS_TOP/shadowdump/shadowdump" audit "$dh" &
l3=$!
tool_loop p2m "$XS_TOP/p2mdump/p2mdump" "$dp" &
l4=$!
sleep 2
audited=$(rates) || audited=
touch "$w/stop"
wait "$l1" "$l2" "$l3" "$l4"
# The capture on its own: what it costs the guests, and what Xen loses.
xentrace -D -e all -S "${XS_BENCH_TBUF:-4}" "$w/load.trc" >"$w/xentrace.log" 2>&1 &
xt=$!
sleep 2
traced=$(rates) || traced=
kill -INT "$xt"
wait "$xt"
cp "$w/load.trc" /xs/out/load.trc
cp "$w"/*.runs "$w/xentrace.log" /xs/out/ 2>/dev/null

bad=$(cat "$w"/*.runs | awk '$1 > 4 || $3 > 1' | wc -l)
if [ -n "$idle" ] && [ -n "$audited" ] && [ -n "$traced" ]; then
	ok "guest rates measured: idle $idle, under the audits $audited, traced $traced passes/s"
else
	not_ok "guest rates measured (idle '$idle', audited '$audited', traced '$traced')"
fi
check "every audit run ended with a documented status and at most one stderr line" [ "$bad" = 0 ]
echo "# bench: pages $NPAGES"
echo "# bench: idle ${idle:-none}"
echo "# bench: audited ${audited:-none}"
echo "# bench: traced ${traced:-none}"
for t in refaudit-pv refaudit-pvh shadow p2m; do
	# runs, median seconds, worst seconds
	echo "# bench: tool $t $(awk '{print $2}' "$w/$t.runs" | sort -n |
		awk '{v[NR] = $1} END {printf "%d %.2f %.2f", NR, v[int((NR + 1) / 2)], v[NR]}')"
done
echo "# bench: bad $bad"
echo "# bench: trace_bytes $(stat -c %s "$w/load.trc")"
"$XL" destroy "$dp"
"$XL" destroy "$dh"
test_done
