# Benchmark scenario (dom0 of the rig): read and audit the p2m of a 1 GiB
# Linux PV guest with p2mdump, against xen-mfndump dump-p2m on the same
# guest in the same run.  Prints "bench:" lines for bench/p2m.sh.
. "$XS_TOP/t/rig/lib.sh"
P2MDUMP=$XS_TOP/p2mdump/p2mdump

if ! create_linux_pv p2mbench 1024; then
	not_ok "a 1 GiB Linux PV guest boots"
	test_done
	exit
fi
d=$DOMID
ok "a 1 GiB Linux PV guest boots (domain $d)"

# best_of N CMD...: the best wall time of N runs, in seconds.
best_of() {
	local n=$1 best= t0 t
	shift
	for _ in $(seq 1 "$n"); do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		t=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.4f", b - a}')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN {exit !(a < b)}'; then
			best=$t
		fi
	done
	echo "$best"
}

entries=$("$P2MDUMP" --json "$d" | jq .entries)
ours=$(best_of 3 "$P2MDUMP" "$d")
theirs=$(best_of 3 /usr/sbin/xen-mfndump dump-p2m "$d")
ok "timed p2mdump and xen-mfndump over $entries entries"
echo "# bench: entries $entries"
echo "# bench: p2mdump $ours"
echo "# bench: xen-mfndump $theirs"
"$XL" destroy "$d"
test_done
