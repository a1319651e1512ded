# Helpers for scenarios that boot the xsguest test kernels (rig/guests/).
# Source after lib.sh.

XS_GUEST_PV=$XS_TOP/build/guests/xsguest-pv
XS_GUEST_PVH=$XS_TOP/build/guests/xsguest-pvh

# xsguest_log NAME: the guest's console log, as xenconsoled writes it.
xsguest_log() {
	echo "/var/log/xen/console/guest-$1.log"
}

# xsguest_create NAME pv|pvh CMDLINE [MEMORY_MB]: boot an xsguest kernel
# with CMDLINE and wait up to 60 s for "xsguest: ready" (or a FAULT/PANIC
# line, which fails at once).  PVH boots are retried: QEMU's SVM emulation
# occasionally kills a fresh HVM vCPU.  Sets DOMID and READY_SECS (xl create
# to ready, including the toolstack's domain build).
xsguest_create() {
	local name=$1 kind=$2 cmdline=$3 mem=${4:-32} cfg=/tmp/$1.cfg
	local kernel=$XS_GUEST_PV extra="extra = \"$cmdline\"" attempt t0 log
	log=$(xsguest_log "$name")
	if [ "$kind" = pvh ]; then
		kernel=$XS_GUEST_PVH
		extra="cmdline = \"$cmdline\""
	fi
	cat >"$cfg" <<CFG
name = "$name"
type = "$kind"
hap = 0
memory = $mem
vcpus = 1
kernel = "$kernel"
$extra
on_crash = "preserve"
CFG
	[ "$kind" = pv ] && sed -i '/^hap = /d' "$cfg"
	for attempt in 1 2 3; do
		rm -f "$log"
		t0=$(now)
		if ! "$XL" create "$cfg" >/tmp/$name.create.log 2>&1; then
			diag "xl create $name failed:" "$(cat /tmp/$name.create.log)"
		elif wait_for_console "$name" 'xsguest: (ready|FAULT|PANIC)' 60 &&
			grep -q 'xsguest: ready' "$log"; then
			READY_SECS=$(elapsed_since "$t0")
			DOMID=$(domid "$name")
			return 0
		elif grep -Eq 'xsguest: (FAULT|PANIC)' "$log"; then
			diag "$name failed:" "$(cat "$log")"
			DOMID=$(domid "$name")
			return 1
		fi
		[ "$kind" = pvh ] || break
		diag "$name attempt $attempt did not get ready; retrying"
		"$XL" destroy "$name" 2>/dev/null
		sleep 1
	done
	return 1
}

# xsguest_line NAME REGEX: the first console line matching REGEX.
xsguest_line() {
	grep -Em1 "$2" "$(xsguest_log "$1")"
}

# xsguest_destroy NAME: destroy the guest and check that it goes away.
xsguest_destroy() {
	local d
	d=$(domid "$1") || return 0
	check "xl destroy $1" "$XL" destroy "$d"
	if wait_gone "$d" 10; then
		ok "$1 (domain $d) freed after destroy"
	else
		not_ok "$1 (domain $d) freed after destroy"
	fi
}
