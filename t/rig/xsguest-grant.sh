# Rig scenario: xsguest grant=4 grants four of its pages to dom0; dom0 maps
# each through gntdev and finds the text the guest wrote into it.  While a
# dom0 process holds them mapped, Xen's own grant table dump (debug key g)
# shows each as active, mapped by domain 0, with the frame the guest wrote;
# for a PV guest Xen's page records show the pages writable-typed by it.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

# read_grants DOMID REF...: map each grant read-write through
# /dev/xen/gntdev and print "REF <first line of the page>".
read_grants() {
	python3 - "$@" <<'PY'
import fcntl, mmap, os, struct, sys

# IOCTL_GNTDEV_MAP_GRANT_REF: _IOC(_IOC_NONE, 'G', 0, 24)
MAP_GRANT_REF = (24 << 16) | (ord('G') << 8) | 0
dom = int(sys.argv[1])
fd = os.open('/dev/xen/gntdev', os.O_RDWR)
for ref in map(int, sys.argv[2:]):
    # struct ioctl_gntdev_map_grant_ref: count, pad, index, {domid, ref}
    buf = bytearray(struct.pack('IIQII', 1, 0, 0, dom, ref))
    fcntl.ioctl(fd, MAP_GRANT_REF, buf, True)
    index = struct.unpack('IIQII', buf)[2]
    m = mmap.mmap(fd, 4096, mmap.MAP_SHARED,
                  mmap.PROT_READ | mmap.PROT_WRITE, offset=index)
    print(ref, m[:64].split(b'\n')[0].decode(errors='replace'))
    m.close()
os.close(fd)
PY
}

for kind in pv pvh; do
	n=grant-$kind
	xsguest_boot "$n" "$kind" grant=4 32 || continue
	xsguest_has "$n" '^xsguest: grant count=4 frames=1$'
	refs=$(grep -Eo 'xsguest: gref=[0-9]+ gfn=0x[0-9a-f]+' "$(xsguest_log "$n")" |
		sed 's/.*gref=\([0-9]*\).*/\1/')
	if [ "$(echo $refs | wc -w)" -eq 4 ]; then
		ok "$n prints 4 grant references: $(echo $refs)"
	else
		not_ok "$n prints 4 grant references: $(echo $refs)"
	fi
	out=$(read_grants "$DOMID" $refs 2>&1)
	for r in $refs; do
		if echo "$out" | grep -q "^$r xsguest grant ref=$r$"; then
			ok "dom0 maps $n's grant $r and reads the guest's text"
		else
			not_ok "dom0 maps $n's grant $r and reads the guest's text"
			diag "$out"
		fi
	done
	# Xen's view while xs-map-grant holds the four mapped read-write.
	held=
	if start_holder /tmp/grant-holder.out "$XS_RIG_BIN/xs-map-grant" "$DOMID" $refs; then
		"$XL" dmesg -c >/dev/null
		"$XL" debug-keys g
		gt=$("$XL" dmesg | awk -v d="$DOMID" '
			/grant-table for remote d/ {cur = ($0 ~ ("remote d" d " "))}
			cur && match($0, /\[0x[0-9a-f]+\] +[0-9]+ 0x/) {
				$0 = substr($0, RSTART); gsub(/[][]/, ""); print
			}')
		xen_records "$DOMID"
		for r in $refs; do
			frame=$(grep -Eo "xsguest: gref=$r gfn=0x[0-9a-f]+" "$(xsguest_log "$n")" | sed 's/.*gfn=//')
			# "REF LOCALDOM MFN PIN SHAREDDOM FRAME FLAGS", numbers as Xen prints them
			line=$(echo "$gt" | while read -r gref ldom mfn pin sdom gframe flags; do
				[ $((gref)) -eq "$r" ] && echo "$ldom $mfn $pin $gframe"
			done)
			set -- $line
			if [ "${1:-}" = 0 ] && [ $((${3:-0})) -ne 0 ] && [ $((${4:-0})) -eq $((frame)) ]; then
				ok "Xen's grant table: $n ref $r active, mapped by d0 (pin $3), frame $frame"
			else
				not_ok "Xen's grant table: $n ref $r active, mapped by d0, frame $frame"
				diag "debug key g for d$DOMID:" "$gt"
			fi
			if [ "$kind" = pv ]; then
				# A PV guest's grant frame is its mfn; Xen's active entry agrees.
				[ $((${2:-0})) -eq $((frame)) ] &&
					ok "Xen's active entry of ref $r names mfn $frame" ||
					not_ok "Xen's active entry of ref $r names mfn $frame (has ${2:-none})"
				m=$(printf '%#x' $((frame)))
				xen_page_typed "$n ref $r" "$DOMID" "$m" "$XEN_PGT_WRITABLE" "writable"
				held="$held $m:$(xen_page "$DOMID" "$m" | field tcount)"
			fi
		done
		kill "$HOLDER_PID"
		wait "$HOLDER_PID" 2>/dev/null
		# The guest's own 1:1 map types its pages writable too: what is
		# dom0's is the type references that go when dom0 unmaps.
		if [ "$kind" = pv ] && xen_records "$DOMID"; then
			for mt in $held; do
				m=${mt%%:*} before=${mt#*:}
				after=$(xen_page "$DOMID" "$m" | field tcount)
				if [ "${before:-0}" -gt "${after:-0}" ]; then
					ok "$n mfn $m: dom0's mapping held $((before - after)) of Xen's type references ($before, $after after unmap)"
				else
					not_ok "$n mfn $m: dom0's mapping held type references (Xen: $before mapped, $after unmapped)"
				fi
			done
		fi
	else
		not_ok "dom0 process holds $n's grants mapped"
	fi
	xsguest_destroy "$n"
done
test_done
