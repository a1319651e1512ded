# Rig scenario (flask variant: the debug hypervisor with FLASK and Xen's
# default policy built in, booted with flask=enforcing).  XEN_DOMCTL_xenscope
# itself needs mmu:pageinfo, which the default policy gives dom0 over its
# guests (domU_t, for migration): the read-only audit works.  INJECT (a
# permanent zombie; DIRTY_INJECT too) and TRACE (a host-wide slowdown) need
# mmu:xenscope_inject and mmu:xenscope_trace, which no policy of Xen's
# grants: they are refused, and Xen's own log names the permission it
# denied.  Then, with a policy that grants the two (the argument, built by
# the test from the default one and loaded with xl loadpolicy), they work.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
RA=$XS_TOP/refaudit/refaudit
INJECT=$XS_RIG_BIN/xs-inject
DIRTYINJECT=$XS_RIG_BIN/xs-dirtyinject
OUT=/xs/out
grant=${1:-}

# denials PERM: how many times Xen's log says it denied mmu PERM.
denials() {
	"$XL" dmesg 2>/dev/null | grep -Ec "avc: +denied +\{ $1 \}.*tclass=mmu"
}

# refused WHAT PATTERN PERM CMD...: CMD fails saying PATTERN (one point),
# and Xen's log has a denial of mmu PERM more than before (another).
refused() {
	local what=$1 pattern=$2 perm=$3 before out rc
	shift 3
	before=$(denials "$perm")
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep -Eq "$pattern"; then
		ok "$what refused under the default policy (exit $rc)"
	else
		not_ok "$what refused under the default policy (exit $rc)"
		diag "$(basename "$1"):" "$out"
	fi
	if [ "$(denials "$perm")" -gt "$before" ]; then
		ok "$what: Xen's log says denied { $perm } (tclass mmu)"
	else
		not_ok "$what: Xen's log says denied { $perm } (tclass mmu)"
		diag "xl dmesg:" "$("$XL" dmesg | grep avc | tail -n 5)"
	fi
}

mode=$("$XL" getenforce 2>&1)
[ "$mode" = Enforcing ] && ok "xl getenforce: FLASK is enforcing" ||
	not_ok "xl getenforce: FLASK is enforcing (got '$mode')"

n=flask-pv
if xsguest_boot "$n" pv leak 32; then
	d=$DOMID
	label=$("$XL" list -Z "$n" 2>/dev/null | awk 'NR == 2 { print $NF }')
	[ "$label" = system_u:system_r:domU_t ] && ok "the guest runs as domU_t" ||
		not_ok "the guest runs as domU_t (xl list -Z: '$label')"
	gfn=$(xsguest_line "$n" 'leak target' | sed 's/.*gfn=\(0x[0-9a-f]*\).*/\1/')
	mfn=$(xsguest_mfn_of "$d" "$gfn")
	[ "$mfn" -ne 0 ] && ok "PAGES under mmu:pageinfo: the offered page (gfn $gfn) is mfn $mfn" ||
		not_ok "PAGES under mmu:pageinfo: the offered page (gfn $gfn) has a frame"
	"$RA" "$d" >"$OUT/$n.1.txt" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok "refaudit under the default policy: every reference explained (exit 1)" ||
		{ not_ok "refaudit under the default policy: every reference explained (got exit $rc)"; diag "refaudit:" "$(tail -n 5 "$OUT/$n.1.txt")"; }

	refused INJECT 'Permission denied \(errno 13\)' xenscope_inject "$INJECT" "$d" "$mfn" general
	"$RA" "$d" >"$OUT/$n.2.txt" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok "nothing was leaked: every reference explained (exit 1)" ||
		not_ok "nothing was leaked: every reference explained (got exit $rc)"

	refused DIRTY_INJECT 'Permission denied' xenscope_inject "$DIRTYINJECT" "$d" status
	# refaudit --arm turns TRACE on first, then starts xentrace.
	refused "TRACE (refaudit --arm)" 'cannot turn tracing on for domain .*: Permission denied' \
		xenscope_trace "$RA" "$d" --arm --trace "$OUT/$n.trc" --for 1

	if [ -n "$grant" ] && [ -f "$grant" ]; then
		check "xl loadpolicy: the default policy with mmu:xenscope_* granted to dom0_t over domU_t" \
			"$XL" loadpolicy "$grant"
	else
		not_ok "xl loadpolicy: no granting policy was given ('$grant')"
	fi
	before=$(denials xenscope_inject)
	check "INJECT works once the policy grants mmu:xenscope_inject" "$INJECT" "$d" "$mfn" general
	xsguest_leak_seen "$d" "$mfn" "$OUT/$n.3.json" "granted"
	check "give the leak back" "$INJECT" "$d" "$mfn" put-general
	check "DIRTY_INJECT works too" "$DIRTYINJECT" "$d" status
	[ "$(denials xenscope_inject)" -eq "$before" ] && ok "no xenscope_inject denial since the load" ||
		not_ok "no xenscope_inject denial since the load"
	out=$("$RA" "$d" --arm --trace "$OUT/$n.trc" --for 1 2>&1)
	rc=$?
	[ "$rc" -eq 0 ] && ok "TRACE works once the policy grants mmu:xenscope_trace (refaudit --arm)" ||
		{ not_ok "TRACE works once the policy grants mmu:xenscope_trace (refaudit --arm exit $rc)"; diag "refaudit --arm:" "$out"; }
	"$RA" "$d" >"$OUT/$n.4.txt" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok "afterwards every reference is explained (exit 1)" ||
		not_ok "afterwards every reference is explained (got exit $rc)"
	xsguest_destroy "$n"
fi
test_done
