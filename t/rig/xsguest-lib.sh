# Helpers for scenarios that boot the xsguest test kernels (rig/guests/).
# Source after lib.sh.

XS_GUEST_PV=$XS_TOP/build/guests/xsguest-pv
XS_GUEST_PVH=$XS_TOP/build/guests/xsguest-pvh

# xsguest_log NAME: the guest's console log, as xenconsoled writes it.
xsguest_log() {
	echo "/var/log/xen/console/guest-$1.log"
}

# xsguest_create NAME pv|pvh CMDLINE [MEMORY_MB]: boot an xsguest kernel
# (PVH under shadow paging unless XSG_HAP=1)
# with CMDLINE and wait up to 60 s for "xsguest: ready" (or a FAULT/PANIC
# line, which fails at once).  PVH boots are retried: QEMU's SVM emulation
# occasionally kills a fresh HVM vCPU.  Sets DOMID, CREATE_SECS (xl create:
# the toolstack's domain build) and READY_SECS (guest run time: from xl
# create returning, i.e. the domain unpaused, to the ready line).
xsguest_create() {
	local name=$1 kind=$2 cmdline=$3 mem=${4:-32} cfg=/tmp/$1.cfg
	local kernel=$XS_GUEST_PV extra="extra = \"$cmdline\"" attempt t0 t1 log
	log=$(xsguest_log "$name")
	if [ "$kind" = pvh ]; then
		kernel=$XS_GUEST_PVH
		extra="cmdline = \"$cmdline\""
	fi
	cat >"$cfg" <<CFG
name = "$name"
type = "$kind"
hap = ${XSG_HAP:-0}
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
			"$XL" destroy "$name" 2>/dev/null
			continue
		fi
		t1=$(now)
		CREATE_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
		if wait_for_console "$name" 'xsguest: (ready|FAULT|PANIC)' 60 &&
			grep -q 'xsguest: ready' "$log"; then
			READY_SECS=$(elapsed_since "$t1")
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

# xsguest_boot NAME pv|pvh CMDLINE [MEMORY_MB]: xsguest_create as test
# points: ready at all, and ready within 10 s of guest run time.
xsguest_boot() {
	if ! xsguest_create "$@"; then
		not_ok "$1 ($2, '$3') reaches ready"
		return 1
	fi
	ok "$1 ($2, '$3') reaches ready: ${READY_SECS} s run, ${CREATE_SECS} s xl create"
	if awk -v t="$READY_SECS" 'BEGIN {exit !(t < 10)}'; then
		ok "$1 ready within 10 s of guest run time"
	else
		not_ok "$1 ready within 10 s of guest run time (${READY_SECS} s)"
	fi
	diag "console of $1:" "$(cat "$(xsguest_log "$1")")"
}

# xsguest_has NAME REGEX: test point for a console line matching REGEX.
xsguest_has() {
	if grep -Eq "$2" "$(xsguest_log "$1")"; then
		ok "$1 console has /$2/"
	else
		not_ok "$1 console has /$2/"
	fi
}

# xsguest_shadow DOMID: test point: the hypervisor runs DOMID under shadow
# paging (debug key q prints the paging mode of every domain).
xsguest_shadow() {
	local d=$1 pa
	"$XL" debug-keys q
	pa=$("$XL" dmesg | awk -v d="$d" '
		/General information for domain/ {cur = ($0 ~ ("domain " d ":"))}
		cur && /paging assistance:/ {line = $0}
		END {print line}')
	if echo "$pa" | grep -q 'paging assistance: shadow'; then
		ok "hypervisor runs domain $d under shadow paging"
	else
		not_ok "hypervisor runs domain $d under shadow paging"
		diag "$pa"
	fi
}

# xsguest_shadow_levels DOMID LEVEL...: one test point per LEVEL (l1..l4,
# fl1): the audit interface shows shadows of that level for DOMID
# (shadowdump, from the references the shadows hold).
xsguest_shadow_levels() {
	local d=$1 lv n out=/tmp/shadowdump.$1.json
	shift
	"$XS_TOP/shadowdump/shadowdump" --json "$d" >"$out" 2>/tmp/shadowdump.err
	diag "shadowdump $d: $(jq -c .by_level "$out" 2>/dev/null || cat /tmp/shadowdump.err)"
	for lv in "$@"; do
		n=$(jq -r ".by_level.$lv // 0" "$out" 2>/dev/null)
		if [ "${n:-0}" -gt 0 ]; then
			ok "domain $d has $n $lv shadows"
		else
			not_ok "domain $d has $lv shadows"
		fi
	done
}

# xsguest_pagetypes DOMID: for a PV domain, one line "MFN TYPE" per frame
# with Xen's page type ("L1".."L4", "pinned L4", "-" for none), from
# xen-mfndump dump-p2m (XEN_DOMCTL_getpageframeinfo3).
XS_MFNDUMP=${XS_MFNDUMP:-/usr/lib/xen-4.17/bin/xen-mfndump}
xsguest_pagetypes() {
	"$XS_MFNDUMP" dump-p2m "$1" 2>/tmp/mfndump.err | awk '/==> mfn=/ {
		m = $3; sub(/mfn=/, "", m)
		t = $0; sub(/.*\(type 0x[0-9a-f]+\) ?/, "", t)
		print m, (t == "" ? "-" : t) }'
}
