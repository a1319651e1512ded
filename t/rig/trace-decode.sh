# Rig scenario: a real `xentrace -D -e all` capture: a PVH boot under shadow
# paging with a page-table workload, a foreign-mapping zombie and their
# destruction, with xenscope's tracepoints on for both guests.  The capture
# is left in /xs/out/all.trc; t9410 decodes it on the host (the software
# CPU would take minutes per pass), with t/rig/trace-decode-check.sh.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
XT=$XS_TOP/trace/xs-trace
out=/tmp/trace
mkdir -p "$out" /xs/out
trc=$out/all.trc

# create_paused NAME pv|pvh CMDLINE: an xsguest, traced from its first
# instruction: created paused, xenscope tracing on, then unpaused.
create_traced() {
	local name=$1 kind=$2 cmdline=$3 cfg=/tmp/$1.cfg kernel=$XS_GUEST_PV
	local extra="extra = \"$cmdline\"" log
	log=$(xsguest_log "$name")
	if [ "$kind" = pvh ]; then
		kernel=$XS_GUEST_PVH
		extra="cmdline = \"$cmdline\"
hap = 0"
	fi
	printf 'name = "%s"\ntype = "%s"\nmemory = 32\nvcpus = 1\nkernel = "%s"\n%s\n' \
		"$name" "$kind" "$kernel" "$extra" >"$cfg"
	for attempt in 1 2 3; do
		rm -f "$log"
		"$XL" create -p "$cfg" >"/tmp/$name.create.log" 2>&1 || {
			diag "xl create $name:" "$(cat "/tmp/$name.create.log")"
			continue
		}
		DOMID=$(domid "$name")
		"$XT" --enable "$DOMID" || diag "xs-trace --enable $DOMID failed"
		"$XL" unpause "$name"
		wait_for_console "$name" 'xsguest: (ready|FAULT|PANIC)' 180 &&
			grep -q 'xsguest: ready' "$log" && return 0
		[ "$kind" = pvh ] || break
		diag "$name attempt $attempt did not get ready; retrying"
		"$XL" destroy "$name" 2>/dev/null
		sleep 1
	done
	return 1
}

xentrace -D -e all -S 256 "$trc" >"$out/xentrace.log" 2>&1 &
XT_PID=$!
sleep 2

if create_traced shadowed pvh pagetables=8; then
	ok "PVH guest boots under shadow paging and runs its page-table workload (d$DOMID)"
else
	not_ok "PVH guest boots under shadow paging and runs its page-table workload"
fi
p=$DOMID
if create_traced zombie pv idle; then
	ok "PV guest boots (d$DOMID)"
else
	not_ok "PV guest boots"
fi
z=$DOMID
if start_holder /tmp/holder.out "$XS_RIG_BIN/xs-map-foreign" "$z" 4; then
	ok "dom0 maps 4 pages of d$z"
else
	not_ok "dom0 maps 4 pages of d$z"
fi
"$XL" destroy "$z"
sleep 1
if xl_dying "$z"; then
	ok "d$z is a zombie after xl destroy"
else
	not_ok "d$z is a zombie after xl destroy"
fi
"$XL" destroy "$p"
kill "$HOLDER_PID"
wait "$HOLDER_PID" 2>/dev/null
if wait_gone "$z" 20 && wait_gone "$p" 20; then
	ok "both guests are gone"
else
	not_ok "both guests are gone"
fi
sleep 1
kill -INT "$XT_PID"
wait "$XT_PID"
diag "capture: $(stat -c %s "$trc") bytes; $(tail -n 2 "$out/xentrace.log")"

if cp "$trc" /xs/out/all.trc; then
	ok "the capture is kept for the checks on the host"
else
	not_ok "the capture is kept for the checks on the host"
fi
cp "$out"/*.log /xs/out/ 2>/dev/null
test_done
