# Rig scenario (release hypervisor): the references Xen takes or drops
# without get_page()/put_page() are traced.  An xsguest PV kernel, created
# paused and traced before its first instruction, gives back 4 pages and has
# Xen populate them again (assign_pages()), grows its grant table to 4
# frames (share_xen_page_with_guest()) and device-maps 4 of its pages it
# granted to itself, mappings only its destruction releases
# (gnttab_release_mappings()).  What the guest says it got from Xen (frames,
# mfns) is the independent side.  The captures are read again on the host
# with the booted xen-syms by t/rig/trace-holders-check.sh.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
RA=$XS_TOP/refaudit/refaudit
XT=$XS_TOP/trace/xs-trace
N=4
out=/tmp/trace
mkdir -p "$out" /xs/out
. "$XS_TOP/t/rig/trace-arm.sh"

name=holders
log=$(xsguest_log "$name")
cat >/tmp/$name.cfg <<CFG
name = "$name"
type = "pv"
memory = 32
vcpus = 1
kernel = "$XS_GUEST_PV"
extra = "p2m-populate=$N grant-self=$N"
on_crash = "preserve"
CFG
rm -f "$log"
if "$XL" create -p /tmp/$name.cfg >/tmp/$name.create.log 2>&1 && d=$(domid "$name"); then
	ok "xsguest created paused (domid $d)"
else
	not_ok "xsguest created paused"
	diag "$(cat /tmp/$name.create.log)"
	test_done
	exit
fi
arm_check "refaudit --arm $d records before the guest runs" "$d" "$out/live.trc" --save "$out/live.snap"
"$XL" unpause "$d"
if wait_for_console "$name" 'xsguest: (ready|FAULT|PANIC)' 60 && grep -q 'xsguest: ready' "$log"; then
	ok "the guest repopulates $N pages, grows its grant table and maps $N grants of its own"
else
	not_ok "the guest repopulates $N pages, grows its grant table and maps $N grants of its own"
	diag "$(tail -n 20 "$log")"
fi
sleep 1
disarm
diag "$(cat "$out/live.trc.log")"
"$XT" "$out/live.trc" >"$out/live.txt" 2>&1

# mfns LABEL: the guest's mfn=0x... values on lines with LABEL.
mfns() {
	grep "xsguest: $1" "$log" | sed -n 's/.*mfn[= ]\(0x[0-9a-f]*\).*/\1/p'
}
pop=$(mfns 'p2m-populate pfn')
frames=$(mfns 'grant-self frame')
maps=$(mfns 'grant-self gref')
diag "populated: $(echo $pop); grant frames: $(echo $frames); self-mapped: $(echo $maps)"

# missing FILE PATTERN MFN...: the MFNs for which no line of FILE matches
# PATTERN with @ replaced by the mfn.
missing() {
	local f=$1 pat=$2 m
	shift 2
	for m; do
		grep -q "${pat//@/$m}" "$f" || printf ' %s' "$m"
	done
}
# refs MFN: the reference lines --history lists under page MFN.
refs() {
	awk -v m="  mfn $1 " 'index($0, m) == 1 {on = 1; next} /^  mfn / {on = 0} on && /^    /' \
		"$out/history.txt"
}
# unlisted REGEX MFN...: the MFNs under which --history lists no reference
# matching REGEX.
unlisted() {
	local re=$1 m
	shift
	for m; do
		refs "$m" | grep -q "$re" || printf ' %s' "$m"
	done
}

miss=$(missing "$out/live.txt" "xenscope assign domid=$d mfn=@ nr=1 " $pop)
if [ "$(echo $pop | wc -w)" -eq $N ] && [ -z "$miss" ]; then
	ok "an assign record for each of the $N pages Xen populated"
else
	not_ok "an assign record for each of the $N pages Xen populated (missing:$miss)"
	diag "$(grep 'xenscope assign' "$out/live.txt" | head -n 8)"
fi

shared=$(sed -n "s/.*xenscope share domid=$d mfn=\(0x[0-9a-f]*\) .*/\1/p" "$out/live.txt")
stray=
for m in $shared; do
	echo "$frames" | grep -qx "$m" || stray="$stray $m"
done
if [ -n "$shared" ] && [ -z "$stray" ]; then
	ok "share records for the grant frames the table grew by ($(echo $shared | wc -w) of $(echo $frames | wc -w)), no other"
else
	not_ok "share records for the grant frames the table grew by (shared: $(echo $shared); not frames:$stray)"
fi

miss=$(missing "$out/live.txt" "xenscope get domid=$d mfn=@ " $maps)
if [ "$(echo $maps | wc -w)" -eq $N ] && [ -z "$miss" ]; then
	ok "a get for each of the $N self-mapped pages"
else
	not_ok "a get for each of the $N self-mapped pages (missing:$miss)"
fi

XS_XEN_SYMS= "$RA" "$d" --history --trace "$out/live.trc" >"$out/history.txt" 2>&1
diag "refaudit --history (exit $?):" "$(head -n 40 "$out/history.txt")"
miss=$(unlisted '^    assign .*assign_pages (allocated)$' $pop)
if [ -z "$miss" ]; then
	ok "--history lists each populated page as held by its allocation (assign_pages)"
else
	not_ok "--history lists each populated page as held by its allocation (missing:$miss)"
fi
miss=$(unlisted '^    type_shr ' $shared)
if [ -n "$shared" ] && [ -z "$miss" ]; then
	ok "--history lists the type reference of each shared grant frame"
else
	not_ok "--history lists the type reference of each shared grant frame (missing:$miss)"
fi

# Destruction: the self mappings are released by gnttab_release_mappings().
arm "$d" "$out/gone.trc"
check "xl destroy $d" "$XL" destroy "$d"
if wait_gone "$d" 20; then
	ok "domain $d is gone"
else
	not_ok "domain $d is gone"
fi
sleep 1
disarm
"$XT" "$out/gone.trc" >"$out/gone.txt" 2>&1
miss=$(missing "$out/gone.txt" "xenscope grant_release mapper=$d owner=$d mfn=@ " $maps)
if [ -n "$maps" ] && [ -z "$miss" ] &&
	[ "$(grep -c "xenscope grant_release mapper=$d " "$out/gone.txt")" -eq $N ]; then
	ok "a grant_release record for each of the $N self mappings, at destruction"
else
	not_ok "a grant_release record for each of the $N self mappings, at destruction (missing:$miss)"
	diag "$(grep 'grant_release' "$out/gone.txt" | head -n 8)"
fi
if cp "$out/live.trc" "$out/live.snap" "$out/gone.trc" "$log" /xs/out/; then
	ok "the captures are kept for the checks on the host"
else
	not_ok "the captures are kept for the checks on the host"
fi
echo "$d" >/xs/out/domid
cp "$out"/*.log /xs/out/ 2>/dev/null
test_done
