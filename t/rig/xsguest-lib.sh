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
# An xsguest never reboots: a reboot is an HVM triple fault, kept in view
# (xl would start a new domain of the same name in its place).
on_reboot = "preserve"
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
			# A domid is what every later step names the guest by: an empty
			# one would fail each of them for a reason none of them shows.
			xsguest_domid "$name" && return 0
			diag "$name is ready but xl domid names no domain:" "$("$XL" list 2>&1)"
			return 1
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

# xsguest_domid NAME: set DOMID to NAME's domain id, asking xl a few times
# (on a loaded host one xl call can fail while xenstored is busy).
xsguest_domid() {
	local i
	for i in 1 2 3 4 5; do
		DOMID=$(domid "$1")
		[[ $DOMID =~ ^[0-9]+$ ]] && return 0
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

# xsguest_boot NAME pv|pvh CMDLINE [MEMORY_MB]: xsguest_create as a test
# point: ready at all.  How long it took is shown, not judged: the software
# CPU's speed depends on the machine's load (speed targets live in bench/).
xsguest_boot() {
	if ! xsguest_create "$@"; then
		not_ok "$1 ($2, '$3') reaches ready"
		return 1
	fi
	ok "$1 ($2, '$3') reaches ready: ${READY_SECS} s run, ${CREATE_SECS} s xl create"
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

# xsguest_shadow_levels DOMID LEVEL...: per LEVEL (l1..l4, fl1), test points
# that DOMID has shadows of that level, from Xen's own SHADOW records
# (xs-inject --dump) and from shadowdump; and that every guest page a shadow
# points back to carries Xen's PGC_page_table bit (set by sh_promote()).
xsguest_shadow_levels() {
	local d=$1 lv n x out=/tmp/shadowdump.$1.json classes
	shift
	"$XS_TOP/shadowdump/shadowdump" --json "$d" >"$out" 2>/tmp/shadowdump.err
	diag "shadowdump $d: $(jq -c .by_level "$out" 2>/dev/null || cat /tmp/shadowdump.err)"
	xen_records "$d"
	classes=$(xen_shadow_classes "$d")
	diag "Xen's SHADOW records of domain $d by class: $(echo "$classes" |
		awk 'NF {c[$2]++} END {for (k in c) printf "%s=%d ", k, c[k]}')"
	for lv in "$@"; do
		x=$(echo "$classes" | awk -v l="$lv" '$2 == l' | wc -l)
		if [ "$x" -gt 0 ]; then
			ok "Xen's records give domain $d $x $lv shadows"
		else
			not_ok "Xen's records give domain $d $lv shadows"
		fi
		n=$(jq -r ".by_level.$lv // 0" "$out" 2>/dev/null)
		if [ "${n:-0}" -gt 0 ]; then
			ok "shadowdump: domain $d has $n $lv shadows"
		else
			not_ok "shadowdump: domain $d has $lv shadows"
		fi
	done
	x=$(echo "$classes" | grep -c ' pt=[0?]$')
	if [ "$x" -eq 0 ] && echo "$classes" | grep -q ' pt=1$'; then
		ok "every shadowed guest page of domain $d has PGC_page_table in Xen's page record"
	else
		not_ok "every shadowed guest page of domain $d has PGC_page_table ($x without)"
		diag "$(echo "$classes" | grep ' pt=[0?]$' | head -n 5)"
	fi
}

# xen_gfn_shadows DOMID GFN: after xen_records, the classes (l1..l4, fl1) of
# the shadows whose entries map guest frame GFN, one per line, sorted.
xen_gfn_shadows() {
	local d=$1 m
	m=$(grep -m1 " gfn=$2 " "/tmp/xen.$d.pages" | field mfn)
	[ -n "$m" ] || return 0
	# A file, not <(...): dom0's initramfs has no /dev/fd.
	xen_shadow_classes "$d" >"/tmp/xen.$d.classes"
	awk -v m="$m" -v d="$d" '
	FNR == NR { cls[$1] = $2; next }
	$2 == "mfn=" m && $0 ~ (" kind=11 holder=" d " ") && / backptr=0 / {
		v = $3; sub(/via=/, "", v); print (v in cls) ? cls[v] : "?"
	}' "/tmp/xen.$d.classes" "/tmp/xen.$d.refs" | sort -u
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

# --- Xen's own records, not the tools' reading of them ----------------------
XS_INJECT=$XS_RIG_BIN/xs-inject
# PGT_seg_desc_page and PGT_writable_page, xen/arch/x86/include/asm/mm.h
# (type field of type_info, split with the mask Xen reports in OP_INFO).
XEN_PGT_SEG_DESC=5
XEN_PGT_WRITABLE=7

# xen_records DOMID: the raw XENSCOPE_OP_PAGES and OP_REFS records of DOMID
# as the hypervisor returns them (xs-inject --dump), into /tmp/xen.DOMID.pages
# and /tmp/xen.DOMID.refs; diagnostics when the hypervisor refuses.
xen_records() {
	local d=$1
	if ! "$XS_INJECT" --dump pages "$d" >"/tmp/xen.$d.pages" 2>/tmp/xen.err ||
		! "$XS_INJECT" --dump refs "$d" >"/tmp/xen.$d.refs" 2>>/tmp/xen.err; then
		diag "xs-inject --dump $d: $(cat /tmp/xen.err)"
		return 1
	fi
}

# xen_page DOMID MFN: Xen's page record for MFN (after xen_records).
xen_page() {
	grep -m1 "^page mfn=$2 " "/tmp/xen.$1.pages"
}

# field NAME: the value of NAME=... in the record on stdin.
field() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}

# xen_page_typed NAME DOMID MFN PTYPE WHAT: test point: Xen's page record
# for MFN has page type PTYPE with at least one type reference.
xen_page_typed() {
	local rec t c
	rec=$(xen_page "$2" "$3")
	t=$(echo "$rec" | field ptype)
	c=$(echo "$rec" | field tcount)
	if [ "$t" = "$4" ] && [ "${c:-0}" -ge 1 ]; then
		ok "$1: Xen types mfn $3 as $5 (type $t, $c type references)"
	else
		not_ok "$1: Xen types mfn $3 as $5 (want type $4 with references)"
		diag "record: ${rec:-none}"
	fi
}

# xen_shadow_classes DOMID: after xen_records, one line per shadow of DOMID
# from the raw SHADOW records: "SMFN CLASS ENTRIES", CLASS l1..l4 from the
# back pointer's level (aux), fl1 for a shadow with entries but no back
# pointer (Xen keeps FL1 shadows out of its hash); BACKPTR guest pages are
# also checked against Xen's PGC_page_table bit ("pt=1" or "pt=0").
xen_shadow_classes() {
	awk -v d="$1" '
	FNR == NR {
		if (match($0, / page_table=[01]/)) {
			m = $2; sub(/mfn=/, "", m)
			pt[m] = substr($0, RSTART + 12, 1)
		}
		next
	}
	$0 ~ (" kind=11 holder=" d " ") {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		v = f["via"]; seen[v] = 1
		if (f["backptr"] == 1) {
			lv[v] = f["level"]
			gpt[v] = (f["mfn"] in pt) ? pt[f["mfn"]] : "?"
		} else
			n[v]++
	}
	END {
		for (v in seen)
			if (v in lv)
				print v, "l" lv[v], n[v] + 0, "pt=" gpt[v]
			else
				print v, "fl1", n[v] + 0, "pt=-"
	}' "/tmp/xen.$1.pages" "/tmp/xen.$1.refs"
}

# xsguest_mfn_of DOMID GFN: the frame of the guest's page GFN, from Xen's own
# page list (xs-inject --dump; jq on the audit's page list would take a
# minute on the software CPU); 0 when there is none.
xsguest_mfn_of() {
	local mfn
	mfn=$("$XS_RIG_BIN/xs-inject" --dump pages "$1" 2>/dev/null |
		awk -v g="gfn=$(printf '%#x' "$(($2))")" '$3 == g && / list=0 / {sub(/mfn=/, "", $2); print $2; exit}')
	echo $((${mfn:-0}))
}

# xsguest_leak_seen DOMID MFN JSON WHAT: with a leak injected on MFN,
# refaudit exits 2 (a point) and its page list, saved to JSON, has exactly
# that page unexplained (a point the host checks with jq).
xsguest_leak_seen() {
	local rc
	"$XS_TOP/refaudit/refaudit" --json --pages "$1" >"$3"
	rc=$?
	[ "$rc" -eq 2 ] && ok "refaudit exits 2 with the leak in place" ||
		not_ok "refaudit exits 2 with the leak in place (got $rc)"
	host_jcheck "$4: exactly the offered page (mfn $2) is unexplained" "$3" \
		"[.pages[] | select(.unexplained != 0 or .unexplained_type != 0) | .mfn] == [$2]" \
		'[.pages[] | select(.unexplained != 0 or .unexplained_type != 0) | {mfn, gfn, unexplained, unexplained_type}]'
}

# xen_counts_vs_records PAGES REFS MFN: "G T|g t": Xen's own general and type
# counts of page MFN (xs-inject --dump pages, saved in PAGES), then the sums
# of the general and type references of its records (--dump refs, in REFS).
xen_counts_vs_records() {
	local counts sums
	counts=$(awk -v m="mfn=$3" '$2 == m { for (i = 1; i <= NF; i++) { split($i, kv, "="); c[kv[1]] = kv[2] } printf "%d %d", c["gcount"], c["tcount"] }' "$1")
	sums=$(awk -v m="mfn=$3" '$2 == m { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "general") g += kv[2]; if (kv[1] == "type") t += kv[2] } } END { printf "%d %d", g, t }' "$2")
	echo "$counts|$sums"
}

# xen_counts_point WHAT PAGES REFS MFN: a point, Xen's own counts of page
# MFN equal the sums of its records (xen_counts_vs_records).
xen_counts_point() {
	local cs
	cs=$(xen_counts_vs_records "$2" "$3" "$4")
	if [ -n "${cs%%|*}" ] && [ "${cs%%|*}" = "${cs#*|}" ]; then
		ok "$1: Xen's general and type counts (${cs%%|*}) are the sums of its records"
	else
		not_ok "$1: Xen's general and type counts (${cs%%|*}) are the sums of its records (${cs#*|})"
		diag "page:" "$(grep " mfn=$4 " "$2")"
	fi
}
