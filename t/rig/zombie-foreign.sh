# Rig scenario: the zombie of seed 000.  A dom0 process maps pages of a guest
# through privcmd (as a device model does); after `xl destroy` the domain
# stays dying (Xen's debug key q lists the held pages); refaudit names the
# pages and the process; when the process exits it is freed.
. "$XS_TOP/t/rig/lib.sh"
NPAGES=16

free_before=$("$XL" info | awk '/^free_memory/ {print $3}')
t0=$(now)
if create_linux_pv zombie 192; then
	d=$DOMID
	ok "Linux PV guest boots to ready (domid $d, $(elapsed_since "$t0") s)"
else
	not_ok "Linux PV guest boots to ready"
	test_done
	exit
fi

if start_holder /tmp/holder.out "$XS_RIG_BIN/xs-map-foreign" "$d" "$NPAGES"; then
	ok "dom0 process maps $NPAGES pages of domain $d"
else
	not_ok "dom0 process maps $NPAGES pages of domain $d"
fi

check "xl destroy returns" "$XL" destroy "$d"
sleep 1
if xl_dying "$d"; then
	ok "domain $d is still listed, dying"
else
	not_ok "domain $d is still listed, dying"
fi
diag "$("$XL" list)"

"$XL" debug-keys q
held=$("$XL" dmesg | awk -v d="$d" '
	/General information for domain/ {cur = ($0 ~ ("domain " d ":")) }
	cur && /DomPage [0-9a-f]+: caf=/ {n++}
	END {print n + 0}')
if [ "$held" -eq "$NPAGES" ]; then
	ok "debug key q lists $NPAGES held pages of the dying domain"
else
	not_ok "debug key q lists $NPAGES held pages of the dying domain (saw $held)"
	diag "$("$XL" dmesg | tail -n 40)"
fi
"$XL" dmesg | grep -A3 "domain $d:" | head -n 4 | sed 's/^/# /'

# refaudit's verdict: the zombie is held (exit 1, not a bug) by those pages,
# through domain 0's foreign mappings, and the holder is this process.
out=$("$XS_TOP/refaudit/refaudit" "$d" 2>&1)
rc=$?
diag "refaudit $d (exit $rc):" "$out"
if [ "$rc" -eq 1 ]; then
	ok "refaudit $d: held, not a hypervisor bug (exit 1)"
else
	not_ok "refaudit $d: held, not a hypervisor bug (exit 1, got $rc)"
fi
if echo "$out" | grep -Eq "^\* $NPAGES pages held by domain 0 through foreign mappings \(page tables of process $HOLDER_PID \`$XS_RIG_BIN/xs-map-foreign $d $NPAGES\`\)$"; then
	ok "refaudit names the $NPAGES pages, domain 0's foreign mappings and process $HOLDER_PID"
else
	not_ok "refaudit names the $NPAGES pages, domain 0's foreign mappings and process $HOLDER_PID"
fi
if echo "$out" | grep -Eq "^ +certain +process $HOLDER_PID " &&
	echo "$out" | grep -q "remedy: stop process $HOLDER_PID (kill $HOLDER_PID)"; then
	ok "refaudit is certain of process $HOLDER_PID and says to stop it"
else
	not_ok "refaudit is certain of process $HOLDER_PID and says to stop it"
fi

kill "$HOLDER_PID"
wait "$HOLDER_PID" 2>/dev/null
t1=$(now)
if wait_gone "$d" 10; then
	ok "domain $d is gone $(elapsed_since "$t1") s after the holder exits"
else
	not_ok "domain $d is gone after the holder exits"
	diag "$("$XL" list)"
fi
sleep 1
free_after=$("$XL" info | awk '/^free_memory/ {print $3}')
if [ "$free_after" -ge "$free_before" ]; then
	ok "free_memory back to $free_after MiB (was $free_before)"
else
	not_ok "free_memory back (before $free_before MiB, after $free_after)"
fi
test_done
