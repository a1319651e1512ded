# Rig scenario: refaudit on real zombies.  A dom0 process's foreign mapping
# and a gntdev mapping each keep a destroyed guest dying; refaudit must name
# the holding process (PID and command line) and the grant refs, and
# --watch must report the domain freed once the holder exits.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
RA=$XS_TOP/refaudit/refaudit
NPAGES=16

# refaudit_check DESC WANT_STATUS ARGS...: run refaudit, keep its output in
# $OUT, one test point for its exit status.
refaudit_check() {
	local desc=$1 want=$2 rc=0
	shift 2
	OUT=$("$RA" "$@" 2>&1) || rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$desc (exit $rc)"
	else
		not_ok "$desc (exit $rc, expected $want)"
	fi
	diag "refaudit $*:" "$OUT"
}

# has DESC REGEX: a test point for $OUT matching the extended REGEX.
has() {
	if printf '%s\n' "$OUT" | grep -Eq -- "$2"; then
		ok "$1"
	else
		not_ok "$1"
	fi
}

# 1. Foreign mapping through privcmd.
if create_linux_pv rzf 128; then
	d=$DOMID
	ok "Linux PV guest rzf is domain $d"
else
	not_ok "Linux PV guest rzf boots"
	test_done
	exit
fi
start_holder /tmp/rzf.out "$XS_RIG_BIN/xs-map-foreign" "$d" "$NPAGES" ||
	not_ok "xs-map-foreign maps $NPAGES pages"
pid=$HOLDER_PID
"$XL" destroy "$d"
sleep 1
refaudit_check "refaudit $d explains the foreign zombie" 1 "$d"
has "it names process $pid and its command line" \
	"^\* $NPAGES pages held by domain 0 through foreign mappings \(page tables of process $pid \`$XS_RIG_BIN/xs-map-foreign $d $NPAGES\`\)"
has "the attribution is certain" "^ +certain +process $pid "
has "the remedy is to stop it" "remedy: stop process $pid \(kill $pid\)"
has "it says since when the domain is dying, and struct domain's references" \
	"^dying for [0-9.]+ s; [0-9]+ references? on struct domain$"
refaudit_check "refaudit lists the zombie" 1
has "the list names the holder and how long it is dying" \
	"^ *$d +\(null\) +[0-9]+\.[0-9] s +$NPAGES +held by foreign mappings of process $pid "
refaudit_check "--watch --timeout 2 gives up while it is held" 1 --watch --timeout 2 --interval 0.5 "$d"
has "... saying so" "timeout: domain $d is still there"
refaudit_check "--json is valid JSON" 1 --json "$d"
if printf '%s\n' "$OUT" | python3 "$XS_TOP/t/helper/jsonschema.py" \
	"$XS_TOP/docs/refaudit-json.schema.json" - >/tmp/schema.out 2>&1; then
	ok "--json output follows the documented schema"
else
	not_ok "--json output follows the documented schema"
	diag "$(cat /tmp/schema.out)"
fi
# The holder exits 3 s into the watch.
(sleep 3 && kill "$pid") &
refaudit_check "--watch returns 0 once the holder exits" 0 --watch --timeout 60 --interval 0.5 "$d"
has "... and reports the domain freed" "domain $d is gone: freed [0-9.]+ s after the watch began"
wait

# 2. Grants mapped through gntdev.
if xsguest_create rzg pv grant=4 32; then
	d=$DOMID
	ok "xsguest rzg (grant=4) is domain $d"
	refs=$(grep -Eo 'xsguest: gref=[0-9]+' "$(xsguest_log rzg)" | sed 's/.*=//' | sort -n)
	start_holder /tmp/rzg.out "$XS_RIG_BIN/xs-map-grant" "$d" $refs ||
		not_ok "xs-map-grant maps the grants"
	pid=$HOLDER_PID
	"$XL" destroy "$d"
	sleep 1
	refaudit_check "refaudit $d explains the grant zombie" 1 "$d"
	want=$(echo $refs | sed 's/ /, /g')
	has "it names the grant refs ($want) and process $pid" \
		"grant-mapped by domain 0 \(grant refs $want; process $pid \`$XS_RIG_BIN/xs-map-grant $d"
	refaudit_check "--dot draws it" 1 --dot "$d"
	has "... a digraph with the process" "process $pid"
	kill "$pid"
	wait "$pid" 2>/dev/null
	if wait_gone "$d" 10; then
		ok "domain $d is freed after the grant holder exits"
	else
		not_ok "domain $d is freed after the grant holder exits"
	fi
else
	not_ok "xsguest rzg (grant=4) boots"
fi
refaudit_check "no zombies left: refaudit exits 0" 0
test_done
