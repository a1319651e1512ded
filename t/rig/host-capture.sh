# Wrappers of rig scenarios whose captures are read again on the host (with
# the booted hypervisor's xen-syms: symbolizing it on the software CPU would
# take minutes).  Sourced by t/t9NNN-*.t with top set.

# rig_then_host VARIANT NAME CHECK FILE...: run t/rig/NAME.sh on VARIANT,
# keeping its share, and print its TAP without the plan; then, if the run
# left every FILE in its out/, run CHECK OUT FIRST XEN-SYMS (which writes
# its last test number to OUT/last-test); remove the FILEs; print the plan.
rig_then_host() {
	local variant=$1 name=$2 check=$3 tap n run xendir f have=1
	shift 3
	tap=$(XS_RIG_KEEP=1 "$top/rig/run-scenario.sh" --variant "$variant" "$top/t/rig/$name.sh")
	printf '%s\n' "$tap" | grep -v '^1\.\.[0-9]*$'
	n=$(printf '%s\n' "$tap" | grep -Ec '^(not )?ok ')
	run=$(ls -td "$top/build/rig/runs/$name".* 2>/dev/null | head -n 1)
	xendir=$("$top/rig/build-xen.sh" "$variant" 2>/dev/null)
	for f; do [ -n "$run" ] && [ -s "$run/out/$f" ] || have=; done
	if [ -n "$have" ] && [ -s "$xendir/xen-syms" ]; then
		"$check" "$run/out" $((n + 1)) "$xendir/xen-syms"
		n=$(cat "$run/out/last-test")
	else
		n=$((n + 1))
		echo "not ok $n - the rig left the captures to read ($*; xen-syms: ${xendir:-none})"
	fi
	[ -z "$run" ] || for f; do rm -f "$run/out/$f"; done
	echo "1..$n"
}
