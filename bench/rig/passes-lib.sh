# Helpers for benchmark scenarios whose xsguests run the dirty=N workload:
# its console says "dirty: N passes" every 64 passes.  Source after
# t/rig/lib.sh and t/rig/xsguest-lib.sh.

# passes NAME: the guest's last pass count.
passes() {
	grep -o 'dirty: [0-9]* passes' "$(xsguest_log "$1")" | tail -n 1 | awk '{print $2}'
}

# fresh NAME: wait (up to 30 s) for the guest's next passes line; print
# "PASSES TIME".
fresh() {
	local last cur
	last=$(passes "$1")
	for _ in $(seq 1 600); do
		cur=$(passes "$1")
		if [ -n "$cur" ] && [ "$cur" != "$last" ]; then
			echo "$cur $(now)"
			return 0
		fi
		sleep 0.05
	done
	return 1
}
