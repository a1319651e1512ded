# Xen's own view of a domain's log-dirty mode, for the log-dirty scenarios.

# paging_of DOMID: the "paging assistance" line debug key q prints for it.
# What Xen's console held before is kept in /tmp/xen-dmesg.all (the ring is
# cleared for the key's output), for xen_console_clean.
paging_of() {
	"$XL" dmesg -c >>/tmp/xen-dmesg.all
	"$XL" debug-keys q
	"$XL" dmesg | awk -v d="$1" '
		/General information for domain/ {cur = ($0 ~ ("domain " d ":"))}
		cur && /paging assistance/ {sub(/.*paging assistance: */, ""); print; exit}'
}

# log_dirty_off DOMID: Xen says the domain is not in log-dirty mode.
log_dirty_off() {
	! paging_of "$1" | grep -q log_dirty
}

# ledger_guest NAME MODE WORKLOAD: boot an xsguest for MODE (pv, pvh-hap or
# pvh-shadow) running WORKLOAD (dirty-audit=N or dirty-xen=N) in 64 MiB
# (after xsguest-lib.sh), a test point saying whether it booted; sets
# DOMID, LEDGER_LINE (the guest's own line), FRAME (its ledger's frame, for
# --ledger), FIRST and LAST (its data pfns).
ledger_guest() {
	local hap=0
	[ "$2" = pvh-hap ] && hap=1
	if ! XSG_HAP=$hap xsguest_create "$1" "${2%%-*}" "$3" 64; then
		not_ok "$1 boots with $3"
		return 1
	fi
	LEDGER_LINE=$(xsguest_line "$1" 'dirty-ledger frame')
	FRAME=$(echo "$LEDGER_LINE" | sed 's/.*frame \(0x[0-9a-f]*\) .*/\1/')
	FIRST=$(echo "$LEDGER_LINE" | sed 's/.* pages pfn \(0x[0-9a-f]*\)-.*/\1/')
	LAST=$(echo "$LEDGER_LINE" | sed 's/.* pages pfn 0x[0-9a-f]*-\(0x[0-9a-f]*\).*/\1/')
	ok "$1 boots with $3 (domain $DOMID, data pfns $FIRST-$LAST)"
}

# audit_run NAME DOMID FRAME TAG [WHEN drop COUNT FIRST LAST]: one
# `xs-dirty audit` ($XSD) of ROUNDS rounds; with a drop, armed before it
# (WHEN: before) or once it has printed its first round (after), read
# back and turned off when the audit is done.  Leaves
# /tmp/NAME.TAG.{out,err,inj} and AUDIT_RC.
audit_run() {
	local n=$1 d=$2 frame=$3 tag=$4 when=${5:-} pid
	shift 4
	[ "$#" -gt 0 ] && shift
	if [ "$when" = before ]; then
		"$XS_RIG_BIN/xs-dirtyinject" "$d" "$@" >/tmp/$n.$tag.arm 2>&1 ||
			diag "xs-dirtyinject $d $*: $(cat /tmp/$n.$tag.arm)"
	fi
	"$XSD" audit --ledger "$frame" -n "$ROUNDS" -i 0.5 "$d" \
		>/tmp/$n.$tag.out 2>/tmp/$n.$tag.err &
	pid=$!
	: >/tmp/$n.$tag.inj
	if [ "$when" = after ]; then
		# After the audit's first round, not after a fixed time: a write
		# before round 0's read is never checked, and on a loaded host
		# the audit may take seconds to turn log-dirty mode on.
		for _ in $(seq 300); do
			grep -q '^round 1:' /tmp/$n.$tag.out && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		grep -q '^round 1:' /tmp/$n.$tag.out ||
			diag "the audit printed no round 1 in 30 s; arming anyway"
		"$XS_RIG_BIN/xs-dirtyinject" "$d" "$@" >/tmp/$n.$tag.arm 2>&1 ||
			diag "xs-dirtyinject $d $*: $(cat /tmp/$n.$tag.arm)"
	fi
	wait "$pid"
	AUDIT_RC=$?
	[ "$#" -gt 0 ] && "$XS_RIG_BIN/xs-dirtyinject" "$d" off >/tmp/$n.$tag.inj 2>&1
	diag "$tag: exit $AUDIT_RC; $(tail -n 1 /tmp/$n.$tag.out)" "$(cat /tmp/$n.$tag.err)" \
		"injector: $(head -n 1 /tmp/$n.$tag.inj)"
}

# lost_set FILE: the gfns an audit's output names as lost, sorted, one a
# line; dropped_set FILE: those xs-dirtyinject says it dropped.
lost_set() {
	sed -n 's/^  lost: gfn \(0x[0-9a-f]*\) written.*/\1/p' "$1" | sort -u
}
dropped_set() {
	sed -n 's/^gfn=\(0x[0-9a-f]*\)$/\1/p' "$1" | sort -u
}

# drop_range_audit NAME DOMID FRAME FROM WHAT: every mark of the 4 pages
# FROM..FROM+3 (WHAT says which they are) dropped from before an audit: it
# must exit 2 naming exactly those pages, as the hypervisor's own list of
# dropped gfns says.
drop_range_audit() {
	local n=$1 from=$4 lost dropped want to
	to=$(printf '0x%x' $((from + 3)))
	audit_run "$n" "$2" "$3" range before drop 1000000 "$from" "$to"
	lost=$(lost_set /tmp/$n.range.out | tr '\n' ' ')
	dropped=$(dropped_set /tmp/$n.range.inj | tr '\n' ' ')
	want=$(for g in 0 1 2 3; do printf '0x%x ' $((from + g)); done)
	if [ "$AUDIT_RC" -eq 2 ] && [ "$lost" = "$want" ] && [ "$dropped" = "$want" ]; then
		ok "$n: marks of $5 $from-$to dropped: exit 2, exactly those pages lost ($lost)"
	else
		not_ok "$n: marks of $5 $from-$to dropped: exit 2 (exit $AUDIT_RC), lost '$lost', hypervisor dropped '$dropped', want '$want'"
	fi
}

# check_off NAME DOMID: a test point, Xen says log-dirty mode is off.
check_off() {
	if log_dirty_off "$2"; then
		ok "$1: log-dirty mode is off again, as Xen says"
	else
		not_ok "$1: log-dirty mode is off again (Xen: '$(paging_of "$2")')"
	fi
}

# xen_console_clean: a test point, Xen's console (all of it since boot,
# as paging_of kept it) holds no assertion, WARN or BUG.
xen_console_clean() {
	local bad
	"$XL" dmesg >>/tmp/xen-dmesg.all
	bad=$(grep -E 'Assertion|WARN|BUG|Xen call trace|FATAL|Panic' /tmp/xen-dmesg.all | head -n 3)
	if [ -z "$bad" ]; then
		ok "Xen's console: no assertion, WARN or BUG"
	else
		not_ok "Xen's console: no assertion, WARN or BUG ($bad)"
	fi
}
