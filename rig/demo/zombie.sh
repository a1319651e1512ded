# The zombie-domain demo (make demo), run in the rig's dom0: a guest whose
# memory a dom0 process has mapped cannot die; xenscope says why; when the
# holder goes, so does the domain.  Every line shown is real output.
. "$XS_TOP/t/rig/lib.sh"
NPAGES=16
REFAUDIT=$XS_TOP/refaudit/refaudit

say() {
	printf '\n== %s\n' "$*"
}
run() {
	echo "\$ $*"
	"$@" 2>&1 | sed 's/^/  /'
	return "${PIPESTATUS[0]}"
}

say "1. Start a guest (Debian's kernel as a PV guest, 192 MiB)"
t0=$(now)
if ! create_linux_pv demo 192; then
	not_ok "the demo guest did not start"
	test_done
	exit
fi
d=$DOMID
echo "  guest 'demo' is domain $d, ready after $(elapsed_since "$t0") s"
run "$XL" list

say "2. A dom0 process maps $NPAGES pages of the guest, as a device model (qemu) does"
start_holder /tmp/holder.out "$XS_RIG_BIN/xs-map-foreign" "$d" "$NPAGES" || {
	not_ok "the holder could not map the guest"
	test_done
	exit
}
echo "  process $HOLDER_PID ($(tr '\0' ' ' </proc/$HOLDER_PID/cmdline)): $(cat /tmp/holder.out)"

say "3. Destroy the guest"
run "$XL" destroy "$d"
sleep 1
run "$XL" list
if xl_dying "$d"; then
	echo "  domain $d is destroyed but still there: a zombie, its memory still held"
fi

say "4. Why will it not go away?"
# refaudit exits 0-2 with an explanation, 4 when the hypervisor lacks the
# interface; then show Xen's own raw evidence instead.
out=$("$REFAUDIT" "$d" 2>&1)
rc=$?
if [ -x "$REFAUDIT" ] && [ "$rc" -le 2 ]; then
	echo "\$ refaudit $d"
	echo "$out" | sed 's/^/  /'
	echo "  (refaudit exit status $rc)"
else
	echo "  (refaudit: ${out:-not built}; the raw evidence instead:)"
	"$XL" debug-keys q
	echo "\$ xl debug-keys q; xl dmesg"
	"$XL" dmesg | awk -v d="$d" '
		/General information for domain/ {cur = ($0 ~ ("domain " d ":"))}
		cur {print "  " $0}
		/NODE affinity/ {cur = 0}' | head -n 30
fi

say "5. The holder exits"
t1=$(now)
run kill "$HOLDER_PID"
wait "$HOLDER_PID" 2>/dev/null
if wait_gone "$d" 10; then
	echo "  domain $d is gone $(elapsed_since "$t1") s after its last holder exited"
	run "$XL" list
	ok "the zombie appeared and was freed"
else
	run "$XL" list
	not_ok "domain $d did not go away after the holder exited"
fi
test_done
