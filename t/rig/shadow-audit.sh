# Rig scenario: the shadow walk (XENSCOPE_OP_SHADOW) of live, busy guests.
#  - PVH under shadow paging (hap=0) running shadowmix busy + superpages:
#    shadowdump audit finds no suspicious entry and at least four expected
#    classes; shadowdump va agrees with the guest's own page-table walk;
#    20 audits while the guest remaps pages stay free of suspicious entries.
#  - PV guest with log-dirty turned on (as a live migration does): the same
#    audit, then log-dirty off again.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

SD=$XS_TOP/shadowdump/shadowdump
LOGDIRTY=$XS_RIG_BIN/xs-logdirty

# audit_ok NAME DOMID: exit 1 (expected only), 0 suspicious, >= 4 expected
# classes, each class printed.
audit_ok() {
	local n=$1 d=$2 rc=0 out=/tmp/audit.$2.json classes nbad t0 secs
	t0=$(now)
	"$SD" audit --json "$d" >"$out" 2>/tmp/audit.err || rc=$?
	secs=$(elapsed_since "$t0")
	nbad=$(jq '.suspicious | length' "$out" 2>/dev/null)
	classes=$(jq -r '.classes | to_entries[] | select(.value > 0 and .key != "same") | .key' "$out" 2>/dev/null)
	diag "$n audit: exit $rc, $(jq -c '{shadows, entries, rereads, classes: (.classes | with_entries(select(.value > 0)))}' "$out" 2>/dev/null || cat /tmp/audit.err)"
	if [ "$rc" = 1 ] && [ "$nbad" = 0 ]; then
		ok "$n: shadowdump audit exits 1 with 0 suspicious entries"
	else
		not_ok "$n: shadowdump audit exits 1 with 0 suspicious entries (exit $rc, ${nbad:-?} suspicious)"
		jq -c '.suspicious[:10][]' "$out" 2>/dev/null | while read -r l; do diag "$l"; done
	fi
	if [ "$(echo "$classes" | grep -c .)" -ge 4 ]; then
		ok "$n: $(echo "$classes" | grep -c .) expected classes: $(echo $classes)"
	else
		not_ok "$n: at least 4 expected classes (has: $(echo $classes))"
	fi
	diag "audit of $(jq '.shadows' "$out") shadows: $secs s ($(awk -v s="$secs" -v n="$(jq '.shadows' "$out")" 'BEGIN {printf "%.0f", n ? s * 1e6 / n : 0}') ms per 1,000 shadows, live, re-reads included)"
	if [ "$(jq '.shadows' "$out")" -gt 0 ]; then
		ok "$n: $(jq '.shadows' "$out") shadows walked, $(jq '.entries' "$out") entries"
	else
		not_ok "$n: shadows walked"
	fi
}

n=shmix-pvh
if xsguest_create "$n" pvh "superpages shadowmix busy" 32; then
	ok "$n boots (superpages shadowmix busy)"
	d=$DOMID
	xsguest_shadow "$d"
	sleep 2
	audit_ok "$n" "$d"

	# The guest's own translation of its probe address.
	probe=$(xsguest_line "$n" 'shadowmix probe')
	va=$(echo "$probe" | sed -n 's/.*va=\(0x[0-9a-f]*\).*/\1/p')
	gfn=$(echo "$probe" | sed -n 's/.*gfn=\(0x[0-9a-f]*\).*/\1/p')
	rc=0
	"$SD" va --json "$d" "$va" >/tmp/va.json 2>/tmp/va.err || rc=$?
	diag "guest: $probe" "shadowdump va: exit $rc $(jq -c '{guest_gfn, guest_mfn, shadow_mfn, note}' /tmp/va.json 2>/dev/null || cat /tmp/va.err)"
	sgfn=$(jq -r '.guest_gfn // empty' /tmp/va.json 2>/dev/null)
	if [ -n "$gfn" ] && [ -n "$sgfn" ] && [ $((sgfn)) -eq $((gfn)) ]; then
		ok "$n: shadowdump va $va gives the guest's own gfn $gfn"
	else
		not_ok "$n: shadowdump va $va gives the guest's own gfn $gfn (got ${sgfn:-none})"
	fi
	if [ "$rc" = 0 ]; then
		ok "$n: the shadow walk of $va agrees with the guest walk"
	else
		not_ok "$n: the shadow walk of $va agrees with the guest walk (exit $rc)"
	fi

	# The gdbstub walks the guest's page tables itself (from CR3): the
	# same address must reach the page the guest marked for slot 64.
	mem=$(timeout 120 gdb -batch -nx -ex 'set architecture i386:x86-64' \
		-ex 'set remotetimeout 30' -ex "target remote | $XS_TOP/gdbstub/xs-gdbstub -t xen --stdio $d" \
		-ex "x/1gx $va" -ex 'detach' 2>&1)
	word=$(echo "$mem" | grep -Eo ':[[:space:]]+0x[0-9a-f]+' | grep -Eo '0x[0-9a-f]+' | head -1)
	if [ -n "$word" ] && [ $((word)) -eq $((0x5853000000000040)) ]; then
		ok "$n: the gdbstub's translation of $va reads the guest's mark of that page ($word)"
	else
		not_ok "$n: the gdbstub's translation of $va reads the guest's mark of that page"
		diag "$mem"
	fi

	# Churn: the guest keeps remapping; no audit may report an entry that
	# is not suspicious on its re-read too.
	bad=0 changed=0
	for i in $(seq 20); do
		rc=0
		"$SD" audit --json "$d" >/tmp/churn.json 2>/tmp/churn.err || rc=$?
		if [ "$rc" != 1 ]; then
			bad=$((bad + 1))
			diag "audit $i: exit $rc $(jq -c '.suspicious[:3]' /tmp/churn.json 2>/dev/null || cat /tmp/churn.err)"
		fi
		changed=$((changed + $(jq '.classes.changed' /tmp/churn.json 2>/dev/null || echo 0)))
	done
	if [ "$bad" = 0 ]; then
		ok "$n: 20 audits under churn, none suspicious ($changed entries changed between read and re-read)"
	else
		not_ok "$n: 20 audits under churn, none suspicious ($bad were)"
	fi
	if "$XL" list "$d" >/dev/null 2>&1 && ! "$XL" list "$d" | grep -q ' c '; then
		ok "$n: the guest is still running"
	else
		not_ok "$n: the guest is still running"
	fi
	xsguest_destroy "$n"
else
	not_ok "$n boots (superpages shadowmix busy)"
fi

n=shmix-pv
if xsguest_create "$n" pv "shadowmix busy" 32; then
	ok "$n boots (shadowmix busy)"
	d=$DOMID
	rc=0
	"$SD" audit "$d" >/tmp/pv-before.txt 2>&1 || rc=$?
	diag "before log-dirty: exit $rc: $(head -1 /tmp/pv-before.txt)"
	check "$n: log-dirty on" "$LOGDIRTY" "$d" on
	xsguest_shadow "$d"
	sleep 2
	audit_ok "$n" "$d"
	if jq -e '.classes.ro_logdirty > 0' /tmp/audit.$d.json >/dev/null; then
		ok "$n: writes held back by log-dirty are named ro_logdirty"
	else
		not_ok "$n: writes held back by log-dirty are named ro_logdirty"
	fi
	check "$n: log-dirty off" "$LOGDIRTY" "$d" off
	xsguest_destroy "$n"
else
	not_ok "$n boots (shadowmix busy)"
fi
"$XL" dmesg | grep -E "Assertion|BUG|FATAL" | head -5 | while read -r l; do diag "xen: $l"; done
if "$XL" dmesg | grep -qE "Assertion '|Xen BUG|FATAL TRAP"; then
	not_ok "Xen's console shows no assertion"
else
	ok "Xen's console shows no assertion"
fi
test_done
