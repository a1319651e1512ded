# Rig scenario: the p2m of a PVH guest under HAP, as Xen keeps it
# (XENSCOPE_OP_P2M), listed by p2mdump with every entry's p2m type and
# checked against the m2p, and entry for entry against Xen's own page
# records (XENSCOPE_OP_PAGES: each page's gfn from the m2p, confirmed by
# Xen's p2m lookup).  Under log-dirty, turned on the way a migration's
# first step does (xs-logdirty), the guest's idle pages are ram_logdirty
# until it writes them; it writes one at a time at dom0's word and says
# which.  Then from a snapshot, and log-dirty off again.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
. "$XS_TOP/t/rig/logdirty-lib.sh"
P2MDUMP=$XS_TOP/p2mdump/p2mdump
LOGDIRTY=$XS_RIG_BIN/xs-logdirty
N=8

# type_at FILE GFN: the p2m type of GFN in p2mdump --entries output FILE
# ("gfn=0xA-0xB ==> mfn=... type=T ..."), "hole" when no line covers it.
type_at() {
	local line r t
	while read -r line; do
		r=${line%% *}
		r=${r#gfn=}
		if [ "$2" -ge $((${r%-*})) ] && [ "$2" -le $((${r#*-})) ]; then
			t=${line##*type=}
			echo "${t%% *}"
			return
		fi
	done <"$1"
	echo hole
}

# types_of FIRST COUNT: the types of gfns FIRST.. (COUNT of them), from a
# fresh p2mdump --entries, space separated.
types_of() {
	local i out=""
	"$P2MDUMP" --entries "$d" >/tmp/$n.entries 2>/tmp/$n.entries.err || {
		echo "p2mdump-failed"
		return
	}
	for i in $(seq 0 $(($2 - 1))); do
		out="$out $(type_at /tmp/$n.entries $(($1 + i)))"
	done
	echo "${out# }"
}

# repeat WORD K: WORD K times, space separated.
repeat() {
	local i out=""
	for i in $(seq 1 "$2"); do out="$out $1"; done
	echo "${out# }"
}

n=p2m-pvh
if ! XSG_HAP=1 xsguest_create "$n" pvh "p2m-touch=$N" 64; then
	not_ok "$n boots with p2m-touch=$N"
	test_done
	exit
fi
d=$DOMID
ok "$n boots (PVH under HAP, domain $d)"
first=$(xsguest_line "$n" 'p2m-touch [0-9]+ pages' | sed 's/.*pfn \(0x[0-9a-f]*\)-.*/\1/')
first=$((first))
tty=$(xenstore-read "/local/domain/$d/console/tty" 2>/dev/null)

"$P2MDUMP" --json "$d" >/tmp/$n.json 2>/tmp/$n.err
rc=$?
[ "$rc" -eq 0 ] && ok "p2mdump audits the PVH p2m: every entry consistent with the m2p and owners" ||
	not_ok "p2mdump audits the PVH p2m (exit $rc: $(head -c 400 /tmp/$n.err)" \
		"$(jq -c '.counts' /tmp/$n.json 2>/dev/null))"
fmt=$(jq -r .format /tmp/$n.json 2>/dev/null)
rw=$(jq -r '.types.ram_rw // 0' /tmp/$n.json 2>/dev/null)
[ "$fmt" = hvm ] && [ "${rw:-0}" -ge $((60 * 256)) ] &&
	ok "read as Xen's p2m with types: $(jq -c .types /tmp/$n.json)" ||
	not_ok "read as Xen's p2m with types (format '$fmt', ram_rw gfns '$rw', want >= $((60 * 256)))"
diag "$(jq -r .why /tmp/$n.json 2>/dev/null)"

# Xen's own page records: every page whose gfn Xen confirmed in its p2m
# (XENSCOPE_PAGE_GFN_P2M) must have that mfn at that gfn in the listing.
"$P2MDUMP" --entries "$d" >/tmp/$n.entries 2>/tmp/$n.entries.err
if xen_records "$d"; then
	cmp=$(python3 - /tmp/$n.entries "/tmp/xen.$d.pages" <<'PY'
import re, sys
m = {}
for line in open(sys.argv[1]):
    r = re.match(r'gfn=(0x[0-9a-f]+)-(0x[0-9a-f]+) ==> mfn=(0x[0-9a-f]+|none)', line)
    if r and r.group(3) != 'none':
        a, b, f = (int(x, 16) for x in r.groups())
        for g in range(a, b + 1):
            m[g] = f + g - a
same = diff = 0
bad = []
for line in open(sys.argv[2]):
    kv = dict(w.split('=', 1) for w in line.split()[1:] if '=' in w)
    if not line.startswith('page ') or not int(kv.get('flags', '0'), 0) & 2:
        continue
    g, f = int(kv['gfn'], 0), int(kv['mfn'], 0)
    if m.get(g) == f:
        same += 1
    else:
        diff += 1
        bad.append('gfn %#x: xen mfn %#x, p2mdump %s' % (g, f, hex(m[g]) if g in m else 'none'))
print(same, diff, '; '.join(bad[:3]))
PY
)
	set -- $cmp
	[ "${1:-0}" -ge $((60 * 256)) ] && [ "${2:-1}" -eq 0 ] &&
		ok "every one of Xen's $1 p2m-confirmed pages has its mfn at its gfn in the listing" ||
		not_ok "Xen's p2m-confirmed pages match the listing ($cmp)"
else
	not_ok "Xen's page records of domain $d"
fi
sp=$(grep -c 'superpage' /tmp/$n.entries)
[ "$sp" -gt 0 ] && ok "superpage entries are shown as such ($sp, e.g. $(grep -m1 superpage /tmp/$n.entries))" ||
	not_ok "superpage entries are shown as such (none in $(wc -l </tmp/$n.entries) entries)"

# Log-dirty on: the guest's idle pages are ram_logdirty until written.
check "log-dirty on for domain $d (xs-logdirty, as a migration starts)" "$LOGDIRTY" "$d" on
paging_of "$d" | grep -q log_dirty && ok "Xen says domain $d is in log-dirty mode" ||
	not_ok "Xen says domain $d is in log-dirty mode ($(paging_of "$d"))"
got=$(types_of "$first" "$N")
want=$(repeat ram_logdirty "$N")
[ "$got" = "$want" ] && ok "the guest's $N idle pages are ram_logdirty" ||
	not_ok "the guest's $N idle pages are ram_logdirty (got: $got)"
"$P2MDUMP" gfn "$d" $((first + N - 1)) >/tmp/$n.gfn 2>&1
grep -q 'p2m type ram_logdirty' /tmp/$n.gfn && ok "p2mdump gfn names an idle page's type ram_logdirty" ||
	not_ok "p2mdump gfn names an idle page's type ram_logdirty ($(head -c 300 /tmp/$n.gfn))"
for k in 0 1 2; do
	printf w >"$tty"
	if wait_for_console "$n" "p2m-touch wrote pfn $(printf '0x%x' $((first + k)))\$" 30; then
		got=$(types_of "$first" "$N")
		want=$(echo "$(repeat ram_rw $((k + 1))) $(repeat ram_logdirty $((N - k - 1)))")
		[ "$got" = "$want" ] &&
			ok "the guest wrote pfn $(printf '%#x' $((first + k))): it is ram_rw, the $((N - k - 1)) unwritten ones still ram_logdirty" ||
			not_ok "after the guest's write $((k + 1)): written ram_rw, unwritten ram_logdirty (got: $got)"
	else
		not_ok "the guest says it wrote pfn $(printf '%#x' $((first + k)))"
	fi
done
"$P2MDUMP" --json --save /tmp/$n.xs "$d" >/tmp/$n.ld.json 2>/tmp/$n.err
rc=$?
[ "$rc" -eq 0 ] && ok "under log-dirty every entry is still consistent (exit 0)" ||
	not_ok "under log-dirty every entry is still consistent (exit $rc: $(head -c 300 /tmp/$n.err))"

# The snapshot gives the same listing and audit offline.
"$P2MDUMP" -f /tmp/$n.xs --json "$d" >/tmp/$n.snap.json 2>/tmp/$n.err
rc=$?
live=$(jq -c '[.types, .counts, .entries]' /tmp/$n.ld.json 2>/dev/null)
snap=$(jq -c '[.types, .counts, .entries]' /tmp/$n.snap.json 2>/dev/null)
[ "$rc" -eq 0 ] && [ -n "$live" ] && [ "$live" = "$snap" ] &&
	ok "from its --save snapshot: the same types and audit ($(jq -c .types /tmp/$n.snap.json))" ||
	not_ok "from its --save snapshot: the same types and audit (exit $rc, live $live, snapshot $snap)"
"$P2MDUMP" -f /tmp/$n.xs --entries "$d" >/tmp/$n.snap.entries 2>&1
[ "$(type_at /tmp/$n.snap.entries "$first")" = ram_rw ] &&
	[ "$(type_at /tmp/$n.snap.entries $((first + N - 1)))" = ram_logdirty ] &&
	ok "the snapshot's entries keep each gfn's type" ||
	not_ok "the snapshot's entries keep each gfn's type ($(head -c 300 /tmp/$n.snap.entries))"

check "log-dirty off for domain $d" "$LOGDIRTY" "$d" off
log_dirty_off "$d" && ok "Xen says domain $d is out of log-dirty mode" ||
	not_ok "Xen says domain $d is out of log-dirty mode"
"$P2MDUMP" --json "$d" >/tmp/$n.off.json 2>/tmp/$n.err
ld=$(jq -r '.types.ram_logdirty // 0' /tmp/$n.off.json 2>/dev/null)
[ "$ld" = 0 ] && ok "log-dirty off: no entry is ram_logdirty any more" ||
	not_ok "log-dirty off: no entry is ram_logdirty any more ('$ld' gfns)"
xsguest_destroy "$n"
test_done
