# Recording a domain's reference trace with refaudit --arm in dom0; sourced
# by the trace scenarios after lib.sh.  RA is refaudit.

# arm DOMID FILE [ARGS...]: start recording in the background (ARM_PID).
arm() {
	local d=$1 f=$2
	shift 2
	"$RA" --arm "$d" --trace "$f" "$@" >"$f.log" 2>&1 &
	ARM_PID=$!
	for _ in $(seq 50); do
		grep -q '^armed' "$f.log" 2>/dev/null && { sleep 1; return 0; }
		sleep 0.2
	done
	return 1
}

disarm() {
	kill -INT "$ARM_PID"
	wait "$ARM_PID"
}

# arm_check DESCRIPTION DOMID FILE [ARGS...]: arm as a test point.
arm_check() {
	local what=$1
	shift
	if arm "$@"; then
		ok "$what"
	else
		not_ok "$what"
		diag "$(cat "$2.log")"
	fi
}
