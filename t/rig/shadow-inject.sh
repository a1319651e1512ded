# Rig scenario (debug hypervisor, CONFIG_XENSCOPE_INJECT): one L1 shadow
# entry of a busy PVH guest corrupted (NX set where the guest's entry has
# none) is found by shadowdump audit with its exact path, gfn and both
# entries; after the restore the audit is clean again, Xen's console shows
# no assertion and the guest keeps running.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

SD=$XS_TOP/shadowdump/shadowdump
SHINJECT=$XS_RIG_BIN/xs-shinject

n=shinject-pvh
if ! xsguest_create "$n" pvh "shadowmix busy" 32; then
	not_ok "$n boots (shadowmix busy)"
	test_done
	exit
fi
ok "$n boots (shadowmix busy)"
d=$DOMID
probe=$(xsguest_line "$n" 'shadowmix probe')
va=$(echo "$probe" | sed -n 's/.*va=\(0x[0-9a-f]*\).*/\1/p')
gfn=$(echo "$probe" | sed -n 's/.*gfn=\(0x[0-9a-f]*\).*/\1/p')
diag "guest: $probe"
sleep 2

rc=0
"$SD" audit "$d" >/tmp/before.txt 2>&1 || rc=$?
diag "before: $(head -1 /tmp/before.txt)"
if [ "$rc" = 1 ]; then
	ok "before the injection: audit exits 1 (expected differences only)"
else
	not_ok "before the injection: audit exits 1 (exit $rc)"
	diag "$(cat /tmp/before.txt)"
fi

out=$("$SHINJECT" "$d" "$gfn" nx 2>&1)
cnt=$(echo "$out" | sed -n 's/^entries=//p')
if [ "${cnt:-0}" -ge 1 ]; then
	ok "NX set in $cnt L1 shadow entry(s) mapping gfn $gfn"
else
	not_ok "NX set in an L1 shadow entry mapping gfn $gfn ($out)"
fi

rc=0
"$SD" audit --json "$d" >/tmp/inj.json 2>/tmp/inj.err || rc=$?
diag "injected: exit $rc $(jq -c '.suspicious' /tmp/inj.json 2>/dev/null || cat /tmp/inj.err)"
if [ "$rc" = 2 ]; then
	ok "after the injection: audit exits 2"
else
	not_ok "after the injection: audit exits 2 (exit $rc)"
fi
# The exact path: DATA_VA is L4 slot 1, the probe is slot 64 of its L1.
want_path="L4[0x1] -> L3[0] -> L2[0] -> L1[0x40]"
# One suspicious entry per corrupted one; among them the probe's slot.
# (The 1:1 map may map the page too, in another L1 shadow.)
sel=".suspicious[] | select(.path == \"$want_path\")"
sva=$(jq -r "$sel | .va" /tmp/inj.json 2>/dev/null | head -1)
if [ "$(jq '.suspicious | length' /tmp/inj.json 2>/dev/null)" = "${cnt:-x}" ] &&
	[ "$(jq -r "$sel | .class" /tmp/inj.json 2>/dev/null | head -1)" = flags ] &&
	[ "$(jq -r "$sel | .from_top" /tmp/inj.json 2>/dev/null | head -1)" = true ] &&
	[ -n "$sva" ] && [ $((sva)) -eq $((va)) ]; then
	ok "$cnt suspicious entry(s), one of them $want_path (va $va), class flags"
else
	not_ok "$cnt suspicious entry(s), one of them $want_path (va $va), class flags (va ${sva:-none})"
fi
g=$(jq -r "$sel | .guest" /tmp/inj.json 2>/dev/null | head -1)
s=$(jq -r "$sel | .shadow" /tmp/inj.json 2>/dev/null | head -1)
gf=$(jq -r "$sel | .gfn" /tmp/inj.json 2>/dev/null | head -1)
diag "the entry: gfn of its L1 $gf, guest $g, shadow $s, reason: $(jq -r "$sel | .reason" /tmp/inj.json 2>/dev/null | head -1)"
if [ -n "$g" ] && [ "$g" != null ] && [ $(((g >> 12) & 0xffffffffff)) -eq $((gfn)) ] &&
	[ $((g >> 63 & 1)) -eq 0 ] && [ $((s >> 63 & 1)) -eq 1 ] &&
	[ $(((s >> 12) & 0xffffffffff)) -ne 0 ]; then
	ok "both entries: guest $g maps gfn $gfn without NX, shadow $s has NX"
else
	not_ok "both entries: guest maps gfn $gfn without NX, shadow has NX (guest $g, shadow $s)"
fi

out=$("$SHINJECT" "$d" "$gfn" restore 2>&1)
check "restore the corrupted entries ($out)" test "$(echo "$out" | sed -n 's/^entries=//p')" = "${cnt:-x}"
rc=0
"$SD" audit --json "$d" >/tmp/after.json 2>&1 || rc=$?
if [ "$rc" = 1 ] && [ "$(jq '.suspicious | length' /tmp/after.json)" = 0 ]; then
	ok "after the restore: audit exits 1 with 0 suspicious entries"
else
	not_ok "after the restore: audit exits 1 with 0 suspicious entries (exit $rc)"
	diag "$(jq -c '.suspicious' /tmp/after.json 2>/dev/null)"
fi
if "$XL" dmesg | grep -qE "Assertion '|Xen BUG|FATAL TRAP"; then
	not_ok "Xen's console shows no assertion"
	diag "$("$XL" dmesg | grep -E -A3 "Assertion|BUG|FATAL" | head -20)"
else
	ok "Xen's console shows no assertion"
fi
if "$XL" list "$d" 2>/dev/null | awk 'NR == 2 {exit ($5 ~ /c/)}' &&
	! grep -Eq 'xsguest: (FAULT|PANIC)' "$(xsguest_log "$n")"; then
	ok "the guest keeps running"
else
	not_ok "the guest keeps running"
	diag "$("$XL" list "$d" 2>&1)" "$(tail -3 "$(xsguest_log "$n")")"
fi
xsguest_destroy "$n"
test_done
