# Helpers for rig scenarios: sourced by scripts that run as root in the rig's
# dom0.  They print TAP with the plan at the end, so a scenario that stops
# half-way (timeout, crash) still yields a stream the host side can close.

XS_TEST_N=0
XS_TEST_FAILED=0
XL=${XL:-/usr/lib/xen-4.17/bin/xl}

ok() {
	XS_TEST_N=$((XS_TEST_N + 1))
	echo "ok $XS_TEST_N - $*"
}

not_ok() {
	XS_TEST_N=$((XS_TEST_N + 1))
	XS_TEST_FAILED=$((XS_TEST_FAILED + 1))
	echo "not ok $XS_TEST_N - $*"
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

# create_linux_pv NAME MEMORY_MB: start the rig's Linux PV guest (Debian's
# kernel, a busybox initramfs that prints "xsguest: ... ready") and wait for
# it to be ready.  Sets DOMID.
create_linux_pv() {
	local name=$1 mem=$2 cfg=/tmp/$1.cfg
	cat >"$cfg" <<CFG
name = "$name"
type = "pv"
memory = $mem
vcpus = 1
kernel = "$XS_LINUX_KERNEL"
ramdisk = "$XS_LINUX_INITRD"
extra = "console=hvc0 loglevel=3"
on_crash = "preserve"
CFG
	"$XL" create "$cfg" >/tmp/$name.create.log 2>&1 || {
		diag "xl create $name failed:" "$(cat /tmp/$name.create.log)"
		return 1
	}
	DOMID=$(domid "$name")
	wait_for_console "$name" 'xsguest: .*ready' 60
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
