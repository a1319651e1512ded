# Helpers for rig scenarios: sourced by scripts that run as root in the rig's
# dom0.  They print TAP with the plan at the end, so a scenario that stops
# half-way (timeout, crash) still yields a stream the host side can close.

XS_TEST_N=0
XS_TEST_FAILED=0
XL=${XL:-/usr/lib/xen-4.17/bin/xl}
XS_POINT_AT=$SECONDS

# A point that took long since the one before says so, so that a slow
# scenario shows where its time goes (the suite's time is bounded).
point_time() {
	local dt=$((SECONDS - XS_POINT_AT))
	XS_POINT_AT=$SECONDS
	[ "$dt" -lt 10 ] || echo "# point $XS_TEST_N came ${dt}s after the one before"
}

ok() {
	XS_TEST_N=$((XS_TEST_N + 1))
	echo "ok $XS_TEST_N - $*"
	point_time
}

# A description ending in "# TODO reason" is a known gap (TAP): shown, not a failure.
not_ok() {
	XS_TEST_N=$((XS_TEST_N + 1))
	case "$*" in
	*'# TODO'*) ;;
	*) XS_TEST_FAILED=$((XS_TEST_FAILED + 1)) ;;
	esac
	echo "not ok $XS_TEST_N - $*"
	point_time
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

# check DESCRIPTION COMMAND...: one test point from a command's status; its
# output is shown as diagnostics when it fails.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc"
		diag "command: $*" "$out"
	fi
}

test_done() {
	echo "1..$XS_TEST_N"
	[ "$XS_TEST_FAILED" -eq 0 ]
}

# Seconds since an arbitrary origin, with decimals.
now() {
	awk '{print $1}' /proc/uptime
}

elapsed_since() {
	awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'
}

# domid NAME: print the domain id of a running (named) domain.
domid() {
	"$XL" domid "$1" 2>/dev/null
}

# wait_for_console NAME PATTERN TIMEOUT: wait until the guest's console log
# (written by xenconsoled) has a line matching the extended regex PATTERN.
wait_for_console() {
	local name=$1 pat=$2 limit=$3 start log
	start=$(now)
	log=/var/log/xen/console/guest-$name.log
	while ! grep -Eq "$pat" "$log" 2>/dev/null; do
		if awk -v a="$start" -v b="$(now)" -v l="$limit" 'BEGIN {exit !(b - a > l)}'; then
			diag "no '$pat' on $name's console after ${limit}s; console tail:"
			tail -n 10 "$log" 2>/dev/null | sed 's/^/# /'
			return 1
		fi
		sleep 0.2
	done
}

# xl_dying DOMID: true if xl list shows the domain as dying.
xl_dying() {
	"$XL" list 2>/dev/null | awk -v d="$1" '$2 == d && $5 ~ /d/ {f = 1} END {exit !f}'
}

# wait_gone DOMID TIMEOUT: wait until the domain has left xl list.
wait_gone() {
	local d=$1 limit=$2 start
	start=$(now)
	while "$XL" list 2>/dev/null | awk -v d="$d" '$2 == d {f = 1} END {exit !f}'; do
		if awk -v a="$start" -v b="$(now)" -v l="$limit" 'BEGIN {exit !(b - a > l)}'; then
			return 1
		fi
		sleep 0.2
	done
}

# Paths of the rig's helper programs (built by `make`, see rig/rig.mk).
XS_RIG_BIN=$XS_TOP/build/rig/bin

# create_linux NAME pv|pvh MEMORY_MB: start the rig's Linux guest (Debian's
# kernel, a busybox initramfs that prints "xsguest: ... ready") and wait for
# it to be ready.  PVH guests run under shadow paging (hap=0) and are retried:
# QEMU's SVM emulation occasionally triple-faults a fresh HVM vCPU right after
# vmrun.  Sets DOMID and BOOT_ATTEMPT.
create_linux() {
	local name=$1 kind=$2 mem=$3 cfg=/tmp/$1.cfg tries=1
	cat >"$cfg" <<CFG
name = "$name"
type = "$kind"
memory = $mem
vcpus = 1
kernel = "$XS_LINUX_KERNEL"
ramdisk = "$XS_LINUX_INITRD"
extra = "console=hvc0 loglevel=3"
on_crash = "preserve"
CFG
	if [ "$kind" = pvh ]; then
		echo 'hap = 0' >>"$cfg"
		tries=3
	fi
	for BOOT_ATTEMPT in $(seq 1 "$tries"); do
		rm -f "/var/log/xen/console/guest-$name.log"
		if "$XL" create "$cfg" >"/tmp/$name.create.log" 2>&1; then
			DOMID=$(domid "$name")
			wait_for_console "$name" 'xsguest: .*ready' 120 && return 0
		else
			diag "xl create $name failed:" "$(cat "/tmp/$name.create.log")"
		fi
		"$XL" destroy "$name" 2>/dev/null
		sleep 1
	done
	return 1
}

# create_linux_pv NAME MEMORY_MB: create_linux for a PV guest.
create_linux_pv() {
	create_linux "$1" pv "$2"
}

# start_holder OUTFILE CMD...: start a mapping holder in the background and
# wait until it says it has mapped; sets HOLDER_PID.
start_holder() {
	local outf=$1 i
	shift
	"$@" >"$outf" 2>&1 &
	HOLDER_PID=$!
	for i in $(seq 1 100); do
		grep -q '^mapped' "$outf" && return 0
		kill -0 "$HOLDER_PID" 2>/dev/null || break
		sleep 0.1
	done
	diag "holder did not map:" "$(cat "$outf")"
	return 1
}

# host_jcheck DESCRIPTION FILE JQ_EXPR [DIAG_EXPR]: a test point that jq
# decides on the host once the rig is off (rig/host-checks.sh), on FILE, a
# file under /xs/out that nothing writes again.  jq takes tens of seconds a
# check on a guest's page list under the software CPU, a fraction of a
# second on the host.  DIAG_EXPR (jq too) explains a failure.
XS_HOST_CHECKS=/xs/out/host-checks
XS_HOST_N=0
host_jcheck() {
	local dir
	XS_HOST_N=$((XS_HOST_N + 1))
	dir=$XS_HOST_CHECKS/$(printf '%04d' "$XS_HOST_N")
	mkdir -p "$dir" || { not_ok "$1 (no room for the host's check)"; return; }
	printf '%s\n' "$1" >"$dir/desc"
	printf '%s\n' "${2#/xs/out/}" >"$dir/file"
	printf '%s\n' "$3" >"$dir/expr"
	printf '%s\n' "${4:-}" >"$dir/diag"
}
